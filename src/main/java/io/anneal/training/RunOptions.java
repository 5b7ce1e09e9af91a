package io.anneal.training;

import io.anneal.training.checkpoint.CheckpointSchedule;
import io.anneal.training.checkpoint.SavedCheckpoint;

/**
 * How to run: {@code run} names the run's checkpoint folder; {@code resumeFrom} (nullable) is the
 * checkpoint to continue from; {@code checkpoints} says when to save new ones.
 */
public record RunOptions(String run, SavedCheckpoint resumeFrom, CheckpointSchedule checkpoints) {

    public static RunOptions fresh() {
        return new RunOptions("unnamed", null, CheckpointSchedule.NEVER);
    }
}
