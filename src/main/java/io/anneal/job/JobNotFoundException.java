package io.anneal.job;

import java.util.UUID;

/** No job with that id for this owner. */
public class JobNotFoundException extends RuntimeException {

    private final UUID jobId;

    JobNotFoundException(UUID jobId) {
        super("No job with id " + jobId + ".");
        this.jobId = jobId;
    }

    public UUID jobId() {
        return jobId;
    }
}
