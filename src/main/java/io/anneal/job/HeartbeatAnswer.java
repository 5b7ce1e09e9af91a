package io.anneal.job;

/** What the database says back to a worker's heartbeat. */
public enum HeartbeatAnswer {
    CONTINUE, CANCEL_REQUESTED, LEASE_LOST
}
