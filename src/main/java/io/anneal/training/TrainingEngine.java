package io.anneal.training;

import io.anneal.artifact.BestModel;

/** Trains one run to its end on the calling thread, holding no locks or transactions. */
public interface TrainingEngine {

    /**
     * Trains {@code run}, resuming from its checkpoint when it has one.
     *
     * @throws TrainingFailedException when the run cannot go on (diverged, bad data)
     * @throws CheckpointUnusableException when the checkpoint to resume from cannot be trusted
     * @throws DatasetUnavailableException when the run's dataset cannot be loaded
     */
    TrainingResult train(TrainingRun run, TrainingObserver observer);

    /**
     * Deletes every checkpoint of run {@code key}, and every best model it saved but {@code kept} (null to
     * keep none); the run has ended and will not resume.
     */
    void discardCheckpoints(String key, BestModel kept);

    /** Deletes everything run {@code key} left: its checkpoints and its models. */
    void discardAll(String key);
}
