package io.anneal.job;

import java.util.UUID;

/** A worker's claim on a job; writes carrying a stale token are ignored. */
public record Lease(UUID jobId, long token) {
}
