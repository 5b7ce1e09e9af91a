package io.anneal.experiment;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An experiment as submitted. {@code grid} maps a spec path (dots, e.g. {@code optimizer.learningRate})
 * to the values to try; a key of several comma-separated paths takes arrays of values, one per path,
 * to vary settings together. Each cell runs once per seed in {@code seeds}, or for seeds 1..{@code
 * repeats}; the seed goes to {@code training.seed} and, with noise, {@code gradientNoise.seed}.
 */
public record ExperimentRequest(String name, JsonNode baseSpec, Map<String, List<JsonNode>> grid, List<Long> seeds,
        Integer repeats, String metric) {
}
