package io.anneal.execution;

import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.Lease;
import io.anneal.job.RunProgress;
import io.anneal.training.EpochSummary;
import io.anneal.training.StepProgress;
import io.anneal.training.TrainingObserver;
import java.time.Instant;

/**
 * One attempt of a job on a worker: forwards progress to the curve writer, keeps the latest progress
 * for the heartbeat, and turns cancellation, lost leases and shutdown into a stop at the next step.
 */
final class JobRun implements TrainingObserver {

    /** Why the run was asked to stop early. */
    enum StopCause { NONE, CANCELLED, LEASE_LOST, SHUTDOWN }

    private final ClaimedJob job;
    private final CurvePointWriter curves;
    private final boolean noisy;
    private volatile RunProgress progress = new RunProgress(0, 0, null, Double.NaN);
    private volatile StopCause stopCause = StopCause.NONE;
    private volatile double trainLoss = Double.NaN;
    private volatile double testAccuracy = Double.NaN;
    private volatile int epochsReported;

    JobRun(ClaimedJob job, CurvePointWriter curves) {
        this.job = job;
        this.curves = curves;
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

    private void write(Metric metric, long step, int epoch, double value, Instant now) {
        curves.offer(new CurvePoint(job.lease().jobId(), job.lease().token(), metric, step, epoch, value, now));
    }
}
