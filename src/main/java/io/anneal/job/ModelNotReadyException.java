package io.anneal.job;

import java.util.UUID;

/** The job exists but has no such model: it has not succeeded (yet), or keeps no best model. */
public class ModelNotReadyException extends RuntimeException {

    private final UUID jobId;
    private final JobStatus status;

    ModelNotReadyException(UUID jobId, JobStatus status) {
        this(jobId, status, "Job " + jobId + " is " + status + "; only a succeeded job has a model.");
    }

    ModelNotReadyException(UUID jobId, JobStatus status, String message) {
        super(message);
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
