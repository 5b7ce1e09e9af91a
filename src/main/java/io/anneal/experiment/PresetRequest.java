package io.anneal.experiment;

import io.anneal.spec.DatasetRef;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Overrides for running a preset: runs per cell, updates per run, dataset; {@code set} writes values
 * into the base spec by path (e.g. {@code {"optimizer.type": "adam"}}); {@code noise} replaces the
 * noise of the with-noise arm; {@code learningRates} the learning rates tried.
 */
public record PresetRequest(Integer repeats, Long maxSteps, DatasetRef dataset, Map<String, JsonNode> set, JsonNode noise,
        List<Double> learningRates) {
}
