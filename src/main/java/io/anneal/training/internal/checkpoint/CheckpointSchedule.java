package io.anneal.training.internal.checkpoint;

import java.time.Duration;

/**
 * When a run saves a checkpoint: after {@code every} of training time and/or every {@code everySteps}
 * updates, whichever comes first; {@link #NEVER} for runs that are never resumed.
 */
public record CheckpointSchedule(Duration every, long everySteps) {

    public static final CheckpointSchedule NEVER = new CheckpointSchedule(null, 0);

    public boolean isEnabled() {
        return every != null || everySteps > 0;
    }

    public boolean isDue(long stepsSinceLast, long nanosSinceLast) {
        return (everySteps > 0 && stepsSinceLast >= everySteps)
                || (every != null && nanosSinceLast >= every.toNanos());
    }
}
