package io.anneal.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Expands a grid into cells (the cartesian product of its keys) and writes a cell's values into a spec. */
final class GridExpansion {

    private GridExpansion() {
    }

    static List<GridCell> cells(Map<String, List<JsonNode>> grid) {
        List<Map<String, JsonNode>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : grid.entrySet()) {
            String[] paths = axis.getKey().split(",");
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : combinations) {
                for (JsonNode value : axis.getValue()) {
                    Map<String, JsonNode> extended = new LinkedHashMap<>(partial);
                    assign(extended, axis.getKey(), paths, value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        List<GridCell> cells = new ArrayList<>();
        for (int i = 0; i < combinations.size(); i++) {
            cells.add(new GridCell(i, List.copyOf(combinations.get(i).keySet()), combinations.get(i)));
        }
        return cells;
    }

    /**
     * The base spec with the cell's values and the run's seed written in as {@code training.seed}; the
     * noise seed follows it unless the spec or the cell sets one, which is kept. The base is not modified.
     */
    static ObjectNode apply(JsonNode base, GridCell cell, long seed) {
        ObjectNode spec = (ObjectNode) base.deepCopy();
        cell.params().forEach((path, value) -> set(spec, path, value));
        set(spec, "training.seed", JsonNodeFactory.instance.numberNode(seed));
        return spec;
    }

    static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.strip().split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value == null ? JsonNodeFactory.instance.nullNode() : value);
    }

    private static void assign(Map<String, JsonNode> cell, String key, String[] paths, JsonNode value) {
        if (paths.length == 1) {
            cell.put(key.strip(), value);
            return;
        }
        if (value == null || !value.isArray() || value.size() != paths.length) {
            throw new InvalidExperimentException("grid." + key, "each value must be an array of " + paths.length
                    + " values, one per path");
        }
        for (int i = 0; i < paths.length; i++) {
            cell.put(paths[i].strip(), value.get(i));
        }
    }
}
