package io.anneal.experiment;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One combination of grid values: spec path -> value (null means JSON null); {@code paths} keeps the
 * grid's order of the paths, which a JSON object need not.
 */
public record GridCell(int index, List<String> paths, Map<String, JsonNode> params) {
}
