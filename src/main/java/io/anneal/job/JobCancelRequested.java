package io.anneal.job;

import java.util.UUID;

/** Published after a running job has been committed as CANCELLING. */
public record JobCancelRequested(UUID jobId) {
}
