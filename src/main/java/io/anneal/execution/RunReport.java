package io.anneal.execution;

import io.anneal.artifact.BestModel;
import io.anneal.job.RunProgress;
import io.anneal.training.EpochSummary;
import io.anneal.training.SampledUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
    private BestModel bestRecorded;
    private BestModel bestInFlight;
    private volatile String backend;
    private final java.util.concurrent.atomic.AtomicBoolean engineReported =
            new java.util.concurrent.atomic.AtomicBoolean();

    RunReport(int epoch, long step) {
        this(epoch, step, null);
    }

    /** @param recordedBest the best model an earlier attempt recorded on the job, or null */
    RunReport(int epoch, long step, BestModel recordedBest) {
        progress = new RunProgress(epoch, step, null, Double.NaN);
        bestRecorded = recordedBest;
        best = recordedBest;
    }

    RunProgress progress() {
        return progress;
    }

    /** Heartbeat thread only: when the heartbeats started failing, 0 while they succeed. */
    private long heartbeatsFailingSince;

    /** A heartbeat failed; true if the one before it had not (the first of a streak, worth a log line). */
    boolean heartbeatFailed() {
        if (heartbeatsFailingSince != 0) {
            return false;
        }
        heartbeatsFailingSince = System.currentTimeMillis();
        return true;
    }

    /** A heartbeat was written; how many milliseconds they had been failing before, 0 if they had not. */
    long heartbeatSucceeded() {
        if (heartbeatsFailingSince == 0) {
            return 0;
        }
        long failedFor = Math.max(1, System.currentTimeMillis() - heartbeatsFailingSince);
        heartbeatsFailingSince = 0;
        return failedFor;
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

    /**
     * The best model kept and not yet recorded on the job, now marked as being recorded (its file must
     * stay until the outcome is known); else null.
     */
    synchronized BestModel beginRecordingBest() {
        BestModel latest = best;
        if (latest == null || latest.equals(bestRecorded)) {
            return null;
        }
        bestInFlight = latest;
        return latest;
    }

    /** The recording begun with {@link #beginRecordingBest()} ended: {@code recorded} tells whether it took. */
    synchronized void bestRecording(BestModel model, boolean recorded) {
        if (recorded) {
            bestRecorded = model;
        }
        bestInFlight = null;
    }

    /**
     * Records the best model kept and not yet recorded with {@code record} (true when the job took it),
     * keeping its file in use meanwhile; nothing when there is none.
     */
    void recordBestWith(Predicate<BestModel> record) {
        BestModel best = beginRecordingBest();
        if (best == null) {
            return;
        }
        boolean recorded = false;
        try {
            recorded = record.test(best);
        } finally {
            bestRecording(best, recorded);
        }
    }

    /** The best model the job points at, and one being recorded: what pruning must keep. */
    synchronized List<BestModel> bestModelsInUse() {
        List<BestModel> used = new ArrayList<>(2);
        if (bestRecorded != null) {
            used.add(bestRecorded);
        }
        if (bestInFlight != null) {
            used.add(bestInFlight);
        }
        return used;
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
