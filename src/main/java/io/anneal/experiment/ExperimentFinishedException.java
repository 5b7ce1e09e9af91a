package io.anneal.experiment;

import java.util.UUID;

/** A change an experiment no longer accepts because all of its runs have finished or it was cancelled. */
public class ExperimentFinishedException extends RuntimeException {

    private final UUID experimentId;
    private final ExperimentStatus status;

    ExperimentFinishedException(UUID experimentId, ExperimentStatus status) {
        super("Experiment " + experimentId + " is " + status
                + " and cannot be cancelled; its results stay as they are.");
        this.experimentId = experimentId;
        this.status = status;
    }

    public UUID experimentId() {
        return experimentId;
    }

    public ExperimentStatus status() {
        return status;
    }
}
