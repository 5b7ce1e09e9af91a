package io.anneal.job;

/** What the database says back to a worker's heartbeat. */
public enum HeartbeatAnswer {
    CONTINUE, CANCEL_REQUESTED,
    /** Stop at the next step and keep the model as it is then. */
    STOP_REQUESTED,
    /** The job was finished or handed back under this very lease: its run is ending, nothing to do. */
    ENDED,
    /** Another claim holds the job now: stop, write nothing more. */
    LEASE_LOST
}
