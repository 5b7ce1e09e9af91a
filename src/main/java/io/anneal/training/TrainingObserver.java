package io.anneal.training;

/** Receives a run's progress on the training thread; implementations must return quickly. */
public interface TrainingObserver {

    void started(long totalSteps);

    void stepSampled(StepProgress progress);

    /** Called after every update, on the hot path: keep it to a few counter increments. */
    void stepCompleted(long durationNanos, int examples);

    void epochEnded(EpochSummary summary);

    /** Polled at every step boundary; true ends the run after the current update. */
    boolean stopRequested();
}
