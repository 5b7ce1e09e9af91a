package io.anneal.training;

import io.anneal.artifact.CheckpointRef;
import io.anneal.spec.RunSpec;

/**
 * One run to train: {@code key} names its checkpoints and model (the job id), {@code resumeFrom} is the
 * checkpoint to continue from (null to start afresh), and {@code specJson} is stored inside the saved
 * model so the file describes itself.
 */
public record TrainingRun(String key, RunSpec spec, CheckpointRef resumeFrom, String specJson) {

    /** The same run started afresh, e.g. after its checkpoint turned out unusable. */
    public TrainingRun fromScratch() {
        return new TrainingRun(key, spec, null, specJson);
    }
}
