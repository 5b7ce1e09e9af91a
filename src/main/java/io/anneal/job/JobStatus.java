package io.anneal.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A job's lifecycle; {@link #canBecome} is the one table of allowed transitions. */
public enum JobStatus {
    QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(QUEUED, CANCELLING, SUCCEEDED, FAILED, CANCELLED),
            CANCELLING, EnumSet.of(CANCELLED, SUCCEEDED, FAILED),
            SUCCEEDED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            CANCELLED, EnumSet.noneOf(JobStatus.class));

    public boolean canBecome(JobStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** Held by a worker: the job has a live lease. */
    public boolean isActive() {
        return this == RUNNING || this == CANCELLING;
    }
}
