package io.anneal.execution;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.Lease;
import io.anneal.job.RunProgress;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerActivity;
import io.anneal.training.EpochSummary;
import io.anneal.training.SampledUpdate;
import io.anneal.training.TrainingObserver;
import io.anneal.training.TrainingRun;
import io.micrometer.core.instrument.LongTaskTimer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One attempt of a job on a worker, as the trainer's observer: writes sampled points to the curve
 * writer and hands the rest to its parts: the heartbeat's {@link RunReport}, the {@link RunControl} that
 * turns cancellation, a lost lease or shutdown into a stop, the {@link CheckpointHandshake} and the
 * {@link StepRates}.
 */
final class JobRun implements TrainingObserver {

    private final ClaimedJob job;
    private final String specJson;
    private final CurvePointWriter curves;
    private final AnnealMeters meters;
    private final WorkerActivity activity;
    private final Clock clock;
    private final boolean noisy;
    private final RunReport report;
    private final RunControl control = new RunControl();
    private final CheckpointHandshake checkpoints;
    private final StepRates rates;
    private LongTaskTimer.Sample inFlight;

    JobRun(ClaimedJob job, String specJson, CurvePointWriter curves, WorkerActivity activity, AnnealMeters meters,
            Clock clock) {
        this.job = job;
        this.specJson = specJson;
        this.curves = curves;
        this.meters = meters;
        this.activity = activity;
        this.clock = clock;
        this.noisy = job.spec().gradientNoise() != null;
        CheckpointRef resumed = job.checkpoint();
        this.report = resumed == null ? new RunReport(0, 0, job.best())
                : new RunReport(resumed.epoch(), resumed.step(), job.best());
        this.checkpoints = new CheckpointHandshake(curves, resumed);
        this.rates = new StepRates(meters, activity);
        if (job.stopRequested()) {
            control.requestStop(RunControl.StopCause.STOPPED_EARLY);
        }
    }

    Lease lease() {
        return job.lease();
    }

    /** The run as the training engine takes it: from the job's checkpoint when it has one. */
    TrainingRun training() {
        return new TrainingRun(job.lease().jobId().toString(), job.spec().toRunSpec(), job.checkpoint(), specJson);
    }

    /** The worker slot and the in-flight meter learn that this run started. */
    void begin() {
        activity.started(job.lease().jobId());
        inFlight = meters.jobStarted();
    }

    /** ... and that it ended, however it ended. */
    void end() {
        if (inFlight != null) {
            inFlight.stop();
        }
        activity.finished();
    }

    ClaimedJob job() {
        return job;
    }

    RunReport report() {
        return report;
    }

    RunProgress progress() {
        return report.progress();
    }

    RunControl control() {
        return control;
    }

    CheckpointHandshake checkpoints() {
        return checkpoints;
    }

    @Override
    public void started(long totalSteps) {
        report.started(totalSteps);
    }

    @Override
    public void computedBy(String engine, String backend) {
        report.computedBy(engine, backend);
    }

    @Override
    public void stepSampled(SampledUpdate step) {
        Instant now = clock.instant();
        write(Metric.LOSS, step.step(), step.epoch(), step.loss(), now);
        if (noisy) {
            write(Metric.SIGMA, step.step(), step.epoch(), step.sigma(), now);
        }
        write(Metric.LEARNING_RATE, step.step(), step.epoch(), step.learningRate(), now);
        report.sampled(step);
        activity.sampled(step.loss(), step.sigma());
    }

    @Override
    public void stepCompleted(long durationNanos, int examples) {
        rates.stepDone(durationNanos, examples);
    }

    @Override
    public void epochEnded(EpochSummary summary) {
        Instant now = clock.instant();
        write(Metric.TRAIN_LOSS, summary.step(), summary.epoch(), summary.trainLoss(), now);
        write(Metric.TEST_ACCURACY, summary.step(), summary.epoch(), summary.testAccuracy(), now);
        if (!Double.isNaN(summary.validationAccuracy())) {
            write(Metric.VALIDATION_ACCURACY, summary.step(), summary.epoch(), summary.validationAccuracy(), now);
            write(Metric.VALIDATION_LOSS, summary.step(), summary.epoch(), summary.validationLoss(), now);
        }
        report.epochEnded(summary);
    }

    @Override
    public void bestModelSaved(BestModel best) {
        report.bestModelSaved(best);
    }

    @Override
    public List<BestModel> bestModelsInUse() {
        return report.bestModelsInUse();
    }

    @Override
    public boolean stopRequested() {
        return control.stopRequested();
    }

    @Override
    public boolean checkpointBeforeStop() {
        return control.checkpointBeforeStop();
    }

    @Override
    public boolean keepModelOnStop() {
        return control.keepModelOnStop();
    }

    @Override
    public void checkpointSaved(CheckpointRef checkpoint) {
        checkpoints.saved(checkpoint);
        report.checkpointedAt(checkpoint.step());
    }

    @Override
    public CheckpointRef resumableCheckpoint() {
        return checkpoints.recorded();
    }

    private void write(Metric metric, long step, int epoch, double value, Instant now) {
        curves.offer(new CurvePoint(job.lease().jobId(), job.lease().token(), metric, step, epoch, value, now));
    }
}
