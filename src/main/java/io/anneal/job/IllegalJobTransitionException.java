package io.anneal.job;

import java.util.UUID;

/** A status change the transition table forbids, e.g. cancelling a finished job. */
public class IllegalJobTransitionException extends RuntimeException {

    private final UUID jobId;
    private final JobStatus status;

    IllegalJobTransitionException(UUID jobId, JobStatus from, JobStatus to, String action) {
        super("Job " + jobId + " is " + from + " and cannot be " + action + ".");
        this.jobId = jobId;
        this.status = from;
    }

    public UUID jobId() {
        return jobId;
    }

    public JobStatus status() {
        return status;
    }
}
