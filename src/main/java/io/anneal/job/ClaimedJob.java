package io.anneal.job;

import io.anneal.training.checkpoint.SavedCheckpoint;

/**
 * A job a worker has just claimed, with its spec (defaults filled in), attempt number and the
 * checkpoint to resume from (null to start from scratch).
 */
public record ClaimedJob(Lease lease, String name, JobSpec spec, int attempt, SavedCheckpoint checkpoint) {
}
