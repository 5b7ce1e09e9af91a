package io.anneal.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An experiment and its results per grid cell. {@code summary.finalValue} summarises the metric at the
 * end of the runs that succeeded; {@code summary.bestDuringTraining} the best value each run reached
 * at any epoch, failed runs included.
 */
public record ExperimentView(UUID id, String name, String metric, ExperimentStatus status, Instant createdAt, Runs runs,
        List<Cell> cells) {

    /** Runs by outcome; {@code failed} counts failures by reason (e.g. DIVERGED). */
    public record Runs(int total, int succeeded, int pending, int cancelled, Map<String, Integer> failed) {
    }

    /** One grid cell: its parameter values (paths in grid order), its runs and the metric's summary. */
    public record Cell(int index, List<String> paths, Map<String, JsonNode> params, Runs runs, List<UUID> jobIds,
            Summary summary) {
    }

    /** The metric at the end of training and the best seen during it. */
    public record Summary(Statistics finalValue, Statistics bestDuringTraining) {
    }
}
