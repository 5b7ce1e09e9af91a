package io.anneal.job;

import java.util.UUID;

/** The job exists but has no model: it has not succeeded (yet). */
public class ModelNotReadyException extends RuntimeException {

    private final UUID jobId;
    private final JobStatus status;

    ModelNotReadyException(UUID jobId, JobStatus status) {
        super("Job " + jobId + " is " + status + "; only a succeeded job has a model.");
        this.jobId = jobId;
        this.status = status;
    }

    public UUID jobId() {
        return jobId;
    }

    public JobStatus status() {
        return status;
    }
}
