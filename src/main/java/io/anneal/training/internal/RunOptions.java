package io.anneal.training.internal;

import io.anneal.artifact.CheckpointRef;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;

/**
 * How to run: {@code run} names the run's checkpoint and model folders; {@code resumeFrom} (nullable)
 * is the checkpoint to continue from; {@code checkpoints} says when to save new ones; with a
 * {@code modelSpecJson} the final network is saved as a model artifact carrying that spec.
 */
public record RunOptions(String run, CheckpointRef resumeFrom, CheckpointSchedule checkpoints,
        String modelSpecJson) {

    public static RunOptions fresh() {
        return new RunOptions("unnamed", null, CheckpointSchedule.NEVER, null);
    }
}
