package io.anneal.training;

import io.anneal.training.checkpoint.CheckpointSchedule;
import io.anneal.training.checkpoint.SavedCheckpoint;

/**
 * How to run: {@code run} names the run's checkpoint and model folders; {@code resumeFrom} (nullable)
 * is the checkpoint to continue from; {@code checkpoints} says when to save new ones; with a
 * {@code modelSpecJson} the final network is saved as a model artifact carrying that spec.
 */
public record RunOptions(String run, SavedCheckpoint resumeFrom, CheckpointSchedule checkpoints,
        String modelSpecJson) {

    public static RunOptions fresh() {
        return new RunOptions("unnamed", null, CheckpointSchedule.NEVER, null);
    }
}
