package io.anneal.training;

/** Receives a run's progress on the training thread; implementations must return quickly. */
public interface TrainingObserver {

    void started(long totalSteps);

    void stepSampled(StepProgress progress);

    void epochEnded(EpochSummary summary);

    /** Polled at every step boundary; true ends the run after the current update. */
    boolean stopRequested();
}
