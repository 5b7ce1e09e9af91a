package io.anneal.execution;

import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.Lease;
import io.anneal.job.RunProgress;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerActivity;
import io.anneal.training.EpochSummary;
import io.anneal.training.StepProgress;
import io.anneal.training.TrainingObserver;
import io.anneal.training.checkpoint.SavedCheckpoint;
import java.time.Instant;

/**
 * One attempt of a job on a worker: forwards progress to the curve writer, keeps the latest progress
 * for the heartbeat, and turns cancellation, lost leases and shutdown into a stop at the next step.
 */
final class JobRun implements TrainingObserver {

    /** Why the run was asked to stop early. */
    enum StopCause { NONE, CANCELLED, LEASE_LOST, SHUTDOWN }

    private static final long RATE_WINDOW_NANOS = 1_000_000_000L;
    private final ClaimedJob job;
    private final CurvePointWriter curves;
    private final WorkerActivity activity;
    private final AnnealMeters meters;
    private final boolean noisy;
    private long windowStart = System.nanoTime();
    private long windowSteps;
    private long windowExamples;
    private volatile RunProgress progress = new RunProgress(0, 0, null, Double.NaN);
    private volatile StopCause stopCause = StopCause.NONE;
    private volatile double trainLoss = Double.NaN;
    private volatile double testAccuracy = Double.NaN;
    private volatile int epochsReported;
    private int epochsHeartbeated;
    private volatile SavedCheckpoint latestCheckpoint;
    private volatile boolean checkpointUnreported;
    private volatile long curvesBeforeCheckpoint;
    private volatile SavedCheckpoint recordedCheckpoint;

    JobRun(ClaimedJob job, CurvePointWriter curves, WorkerActivity activity, AnnealMeters meters) {
        this.job = job;
        this.latestCheckpoint = job.checkpoint();
        this.recordedCheckpoint = job.checkpoint();
        if (job.checkpoint() != null) {
            progress = new RunProgress(job.checkpoint().position().epoch(), job.checkpoint().position().step(), null,
                    Double.NaN);
        }
        this.curves = curves;
        this.activity = activity;
        this.meters = meters;
        this.noisy = job.spec().gradientNoise() != null;
    }

    Lease lease() {
        return job.lease();
    }

    ClaimedJob job() {
        return job;
    }

    RunProgress progress() {
        return progress;
    }

    StopCause stopCause() {
        return stopCause;
    }

    double trainLoss() {
        return trainLoss;
    }

    double testAccuracy() {
        return testAccuracy;
    }

    int epochsReported() {
        return epochsReported;
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

    /** The first cause wins: a cancelled run stays cancelled even if shutdown follows. */
    void requestStop(StopCause cause) {
        if (stopCause == StopCause.NONE) {
            stopCause = cause;
        }
    }

    @Override
    public void started(long totalSteps) {
        progress = new RunProgress(0, 0, totalSteps, Double.NaN);
    }

    @Override
    public void stepSampled(StepProgress step) {
        Instant now = Instant.now();
        write(Metric.LOSS, step.step(), step.epoch(), step.loss(), now);
        if (noisy) {
            write(Metric.SIGMA, step.step(), step.epoch(), step.sigma(), now);
        }
        write(Metric.LEARNING_RATE, step.step(), step.epoch(), step.learningRate(), now);
        progress = new RunProgress(step.epoch(), step.step(), progress.totalSteps(), step.loss());
        activity.sampled(step.loss(), step.sigma());
    }

    @Override
    public void stepCompleted(long durationNanos, int examples) {
        meters.stepDone(durationNanos, examples);
        windowSteps++;
        windowExamples += examples;
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= RATE_WINDOW_NANOS) {
            activity.rates(windowSteps * 1e9 / elapsed, windowExamples * 1e9 / elapsed);
            windowStart = now;
            windowSteps = 0;
            windowExamples = 0;
        }
    }

    @Override
    public void epochEnded(EpochSummary summary) {
        Instant now = Instant.now();
        write(Metric.TRAIN_LOSS, summary.step(), summary.epoch(), summary.trainLoss(), now);
        write(Metric.TEST_ACCURACY, summary.step(), summary.epoch(), summary.testAccuracy(), now);
        trainLoss = summary.trainLoss();
        testAccuracy = summary.testAccuracy();
        epochsReported = summary.epoch();
        progress = new RunProgress(summary.epoch(), summary.step(), progress.totalSteps(), progress.lastLoss());
    }

    @Override
    public boolean stopRequested() {
        return stopCause != StopCause.NONE;
    }

    /** At shutdown the run is checkpointed so the next attempt loses nothing. */
    @Override
    public boolean checkpointBeforeStop() {
        return stopCause == StopCause.SHUTDOWN;
    }

    @Override
    public void checkpointSaved(SavedCheckpoint checkpoint) {
        curvesBeforeCheckpoint = curves.offered();
        curves.flushSoon();
        latestCheckpoint = checkpoint;
        checkpointUnreported = true;
        progress = new RunProgress(progress.epoch(), checkpoint.position().step(), progress.totalSteps(),
                progress.lastLoss());
    }

    SavedCheckpoint latestCheckpoint() {
        return latestCheckpoint;
    }

    /** A heartbeat recorded {@code checkpoint} on the job: from now on a restart resumes from it. */
    void checkpointRecorded(SavedCheckpoint checkpoint) {
        recordedCheckpoint = checkpoint;
    }

    @Override
    public SavedCheckpoint resumableCheckpoint() {
        return recordedCheckpoint;
    }

    /** A heartbeat could not record {@code checkpoint}: try again with the next one unless a newer exists. */
    void checkpointReportFailed(SavedCheckpoint checkpoint) {
        if (latestCheckpoint == checkpoint) {
            checkpointUnreported = true;
        }
    }

    /**
     * The checkpoint saved since the last call, for the heartbeat to record; null if none, or while
     * curve points offered before it are still unwritten: a run resumed from it recomputes only the
     * later points, so earlier ones lost with the process would be lost for good.
     */
    SavedCheckpoint takeUnreportedCheckpoint() {
        if (!checkpointUnreported || curves.written() < curvesBeforeCheckpoint) {
            return null;
        }
        checkpointUnreported = false;
        return latestCheckpoint;
    }

    private void write(Metric metric, long step, int epoch, double value, Instant now) {
        curves.offer(new CurvePoint(job.lease().jobId(), job.lease().token(), metric, step, epoch, value, now));
    }
}
