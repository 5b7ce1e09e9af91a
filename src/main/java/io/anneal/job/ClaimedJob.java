package io.anneal.job;

/** A job a worker has just claimed, with its spec (defaults filled in) and attempt number. */
public record ClaimedJob(Lease lease, String name, JobSpec spec, int attempt) {
}
