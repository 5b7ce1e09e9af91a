package io.anneal.job;

import java.util.UUID;

/** Published after a job's row has been committed as QUEUED. */
public record JobSubmitted(UUID jobId) {
}
