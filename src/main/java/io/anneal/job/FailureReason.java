package io.anneal.job;

/** Why a run failed; decides whether a retry can help. */
public enum FailureReason {
    /** The loss became NaN or infinite. */
    DIVERGED(false),
    /** The dataset is missing, unreadable or does not fit the model. */
    INVALID_DATA(false),
    /** The spec cannot be trained as given. */
    INVALID_SPEC(false),
    /** The JVM or ND4J ran out of memory. */
    OUT_OF_MEMORY(true),
    /** The worker running the job stopped heart-beating. */
    WORKER_LOST(true),
    /**
     * The checkpoint to resume from cannot be read by the replica that claimed the job (missing from the
     * storage it sees, or the storage failed); another attempt, perhaps on another replica, may read it.
     */
    CHECKPOINT_UNREADABLE(true),
    /** Anything else: a bug or an infrastructure fault. */
    INTERNAL(true);

    private final boolean retryable;

    FailureReason(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
