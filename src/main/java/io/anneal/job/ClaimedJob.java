package io.anneal.job;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.spec.JobSpec;

/**
 * A job a worker has just claimed, with the tenant it belongs to ({@code owner}), its spec (defaults filled in), attempt number and the
 * checkpoint to resume from (null to start from scratch); {@code stopRequested} when the user asked an
 * earlier attempt to stop early, so this one stops at once and keeps its model; {@code best} is the best
 * model an earlier attempt recorded (null if none), whose file must stay while the job points at it.
 */
public record ClaimedJob(Lease lease, String owner, String name, JobSpec spec, int attempt, CheckpointRef checkpoint,
        boolean stopRequested, BestModel best) {
}
