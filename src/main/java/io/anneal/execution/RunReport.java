package io.anneal.execution;

import io.anneal.artifact.BestModel;
import io.anneal.job.RunProgress;
import io.anneal.training.EpochSummary;
import io.anneal.training.SampledUpdate;

/**
 * The latest progress of a run as the heartbeat reports it: written on the training thread, read on
 * the heartbeat thread.
 */
final class RunReport {

    private volatile RunProgress progress;
    private volatile double trainLoss = Double.NaN;
    private volatile double testAccuracy = Double.NaN;
    private volatile int epochsReported;
    private int epochsHeartbeated;
    private volatile String engine;
    private volatile BestModel best;
    private volatile BestModel bestRecorded;
    private volatile String backend;
    private final java.util.concurrent.atomic.AtomicBoolean engineReported =
            new java.util.concurrent.atomic.AtomicBoolean();

    RunReport(int epoch, long step) {
        progress = new RunProgress(epoch, step, null, Double.NaN);
    }

    RunProgress progress() {
        return progress;
    }

    double trainLoss() {
        return trainLoss;
    }

    double testAccuracy() {
        return testAccuracy;
    }

    void started(long totalSteps) {
        progress = new RunProgress(0, 0, totalSteps, Double.NaN);
    }

    void sampled(SampledUpdate step) {
        progress = new RunProgress(step.epoch(), step.step(), progress.totalSteps(), step.loss());
    }

    void epochEnded(EpochSummary summary) {
        trainLoss = summary.trainLoss();
        testAccuracy = summary.testAccuracy();
        epochsReported = summary.epoch();
        progress = new RunProgress(summary.epoch(), summary.step(), progress.totalSteps(), progress.lastLoss());
    }

    void bestModelSaved(BestModel best) {
        this.best = best;
    }

    /** The best model the run kept, or null. */
    BestModel best() {
        return best;
    }

    /** The best model once kept and not yet recorded on the job; else null. */
    BestModel unrecordedBest() {
        BestModel latest = best;
        return latest == bestRecorded ? null : latest;
    }

    /** {@code recorded} is on the job now. */
    void bestRecorded(BestModel recorded) {
        bestRecorded = recorded;
    }

    void checkpointedAt(long step) {
        RunProgress last = progress;
        progress = new RunProgress(last.epoch(), step, last.totalSteps(), last.lastLoss());
    }

    void computedBy(String engine, String backend) {
        this.backend = backend;
        this.engine = engine;
    }

    /** What computes a run's updates: an engine on a backend. */
    record Engine(String name, String backend) {
    }

    /** The engine once known and not yet recorded on the attempt; else null. */
    Engine unrecordedEngine() {
        return engine == null || engineReported.get() ? null : new Engine(engine, backend);
    }

    /** The attempt has its engine on record. */
    void engineRecorded() {
        engineReported.set(true);
    }

    /** Whether an epoch ended since the last call, so the heartbeat should record its metrics. */
    boolean takeEpochReport() {
        int ended = epochsReported;
        if (ended == epochsHeartbeated) {
            return false;
        }
        epochsHeartbeated = ended;
        return true;
    }
}
