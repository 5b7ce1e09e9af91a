package io.anneal.execution;

import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerActivity;

/** Counts a run's updates and examples into the meters and, once a second, its worker's rates. */
final class StepRates {

    private static final long WINDOW_NANOS = 1_000_000_000L;
    private final AnnealMeters meters;
    private final WorkerActivity activity;
    private long windowStart = System.nanoTime();
    private long windowSteps;
    private long windowExamples;

    StepRates(AnnealMeters meters, WorkerActivity activity) {
        this.meters = meters;
        this.activity = activity;
    }

    /** On the training thread after every update: a few increments, a rate once a second. */
    void stepDone(long durationNanos, int examples) {
        meters.stepDone(durationNanos, examples);
        windowSteps++;
        windowExamples += examples;
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS) {
            activity.rates(windowSteps * 1e9 / elapsed, windowExamples * 1e9 / elapsed);
            windowStart = now;
            windowSteps = 0;
            windowExamples = 0;
        }
    }
}
