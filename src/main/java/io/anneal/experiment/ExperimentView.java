package io.anneal.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An experiment and its results per grid cell, under the policy of {@link CellSummaries}:
 * {@code summary.finalValue} summarises the metric at the end of the runs that succeeded;
 * {@code summary.bestDuringTraining} the best value each run that ended (succeeded or failed) reached at
 * any epoch. {@code pooledOver} names the grid paths whose cells were counted together, if any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(UUID id, String name, String metric, ExperimentStatus status, Instant createdAt, Runs runs,
        List<String> pooledOver, List<Cell> cells) {

    /**
     * Runs by outcome; {@code failed} counts failures by reason (e.g. DIVERGED); {@code stoppedEarly} counts
     * runs a user stopped early (they succeed with the model at that step, but are in no figure).
     */
    public record Runs(int total, int succeeded, int pending, int cancelled, Map<String, Integer> failed,
            int stoppedEarly) {
    }

    /**
     * One grid cell (or, pooled, the cells that share these values): its parameter values (paths in grid
     * order), its runs, whether all of them have ended, and the metric's summary over them.
     */
    public record Cell(int index, List<String> paths, Map<String, JsonNode> params, Runs runs, boolean complete,
            List<UUID> jobIds, Summary summary) {
    }

    /**
     * The metric at the end of training and the best seen during it; for test accuracy also the test
     * accuracy of the model each run kept for scoring best on its validation split
     * ({@code validationSelected}, null for other metrics).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(Statistics finalValue, Statistics bestDuringTraining, Statistics validationSelected) {
    }
}
