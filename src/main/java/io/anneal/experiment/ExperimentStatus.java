package io.anneal.experiment;

/** Where an experiment stands, from the status of its runs. */
public enum ExperimentStatus {
    /** Some run is queued or training. */
    RUNNING,
    /** Every run has finished (succeeded, failed or was cancelled on its own). */
    DONE,
    /** The experiment was cancelled; its unfinished runs were cancelled with it. */
    CANCELLED
}
