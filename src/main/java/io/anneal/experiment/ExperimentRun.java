package io.anneal.experiment;

import jakarta.persistence.Embeddable;
import java.util.UUID;

/** One run of an experiment: the job that trains grid cell {@code cell} with seed {@code seed}. */
@Embeddable
class ExperimentRun {

    private int cell;
    private long seed;
    private UUID jobId;

    protected ExperimentRun() {
    }

    ExperimentRun(int cell, long seed, UUID jobId) {
        this.cell = cell;
        this.seed = seed;
        this.jobId = jobId;
    }

    int cell() { return cell; }
    long seed() { return seed; }
    UUID jobId() { return jobId; }
}
