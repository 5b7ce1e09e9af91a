package io.anneal.job;

/** What the database says back to a worker's heartbeat. */
public enum HeartbeatAnswer {
    CONTINUE, CANCEL_REQUESTED,
    /** Stop at the next step and keep the model as it is then. */
    STOP_REQUESTED,
    LEASE_LOST
}
