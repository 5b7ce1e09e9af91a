package io.anneal.experiment;

import java.time.Instant;
import java.util.UUID;

/** An experiment in a list: its status and runs by outcome, without the cells. */
public record ExperimentSummary(UUID id, String name, String metric, ExperimentStatus status, Instant createdAt,
        ExperimentView.Runs runs) {
}
