package io.anneal.training;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import java.util.List;

/** Receives a run's progress on the training thread; implementations must return quickly. */
public interface TrainingObserver {

    void started(long totalSteps);

    /**
     * What computes the run's updates: {@code engine} is {@code KERNEL} (Anneal's dense-stack kernel) or
     * {@code DL4J} ({@code MultiLayerNetwork.fit}), {@code backend} the ND4J backend ({@code CPU},
     * {@code CUDA}). Called once, before the first update.
     */
    default void computedBy(String engine, String backend) {
    }

    void stepSampled(SampledUpdate progress);

    void epochEnded(EpochSummary summary);

    /** Polled at every step boundary; true ends the run after the current update. */
    boolean stopRequested();

    /** Called after every update, on the hot path: keep it to a few counter increments. */
    default void stepCompleted(long durationNanos, int examples) {
    }

    /** When stopping early, whether to save a checkpoint first (e.g. to resume after a shutdown). */
    default boolean checkpointBeforeStop() {
        return false;
    }

    /**
     * When stopping early, whether the network as it is then is the run's result: it is evaluated on the
     * test split and saved as the model, as at a planned end.
     */
    default boolean keepModelOnStop() {
        return false;
    }

    default void checkpointSaved(CheckpointRef checkpoint) {
    }

    /**
     * The best model kept so far: a new one saved at an epoch's end, or, when a run resumes, the one its
     * checkpoint recorded. It replaces the one reported before, whose file may be deleted at any time
     * after this call.
     */
    default void bestModelSaved(BestModel best) {
    }

    /**
     * The best models the job points at or is about to (recorded on it, or being recorded now): their
     * files must stay even when the run has moved on to a better one.
     */
    default List<BestModel> bestModelsInUse() {
        return List.of();
    }

    /**
     * The checkpoint a restart would resume from (the one recorded on the job), which pruning old
     * checkpoints must keep even when newer ones could not be recorded yet; null if none.
     */
    default CheckpointRef resumableCheckpoint() {
        return null;
    }
}
