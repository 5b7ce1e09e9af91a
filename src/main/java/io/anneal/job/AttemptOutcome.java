package io.anneal.job;

/** How an attempt at a job ended. */
public enum AttemptOutcome {
    SUCCEEDED, FAILED, CANCELLED,
    /** Handed back to the queue without a verdict, e.g. when its replica shut down. */
    RELEASED,
    /** Its replica stopped heart-beating. */
    WORKER_LOST
}
