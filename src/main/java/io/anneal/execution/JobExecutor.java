package io.anneal.execution;

import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.CurveService;
import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.Lease;
import io.anneal.job.RunProgress;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerActivity;
import io.anneal.metrics.WorkerMeters;
import io.anneal.training.FailureReason;
import io.anneal.training.RunOptions;
import io.anneal.training.TrainerFactory;
import io.anneal.training.TrainingFailedException;
import io.anneal.training.TrainingResult;
import io.anneal.training.checkpoint.CheckpointStore.CorruptCheckpointException;
import io.anneal.training.checkpoint.SavedCheckpoint;
import io.anneal.training.data.Dataset;
import io.anneal.training.data.DatasetCatalog;
import io.anneal.training.data.DatasetUnavailableException;
import io.micrometer.core.instrument.LongTaskTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed job to its end on the calling worker thread and records the verdict: succeeded,
 * failed with a classified reason, cancelled, or handed back to the queue (with a checkpoint) at
 * shutdown. Deterministic failures (divergence, bad data or spec) are final; infrastructure failures
 * (out of memory, internal errors) are handed back for another attempt until {@code maxAttempts}. A
 * job with a checkpoint resumes from it.
 */
@Component
class JobExecutor {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);
    private static final long CURVE_FLUSH_TIMEOUT_MS = 30_000;
    private final JobQueue queue;
    private final DatasetCatalog datasets;
    private final TrainerFactory trainers;
    private final CurvePointWriter curves;
    private final CurveService curveService;
    private final ActiveRuns active;
    private final AnnealMeters meters;
    private final WorkerMeters workerMeters;
    private final JsonMapper json;
    private final ExecutionProperties execution;

    JobExecutor(JobQueue queue, DatasetCatalog datasets, TrainerFactory trainers, CurvePointWriter curves,
            CurveService curveService, ActiveRuns active, AnnealMeters meters, WorkerMeters workerMeters,
            JsonMapper json, ExecutionProperties execution) {
        this.json = json;
        this.execution = execution;
        this.queue = queue;
        this.datasets = datasets;
        this.trainers = trainers;
        this.curves = curves;
        this.curveService = curveService;
        this.active = active;
        this.meters = meters;
        this.workerMeters = workerMeters;
    }

    void execute(ClaimedJob job, int worker) {
        WorkerActivity activity = workerMeters.forWorker(worker);
        JobRun run = new JobRun(job, curves, activity, meters);
        MDC.put("jobId", job.lease().jobId().toString());
        active.add(run);
        activity.started(job.lease().jobId());
        LongTaskTimer.Sample inFlight = meters.jobStarted();
        try {
            Dataset data = datasets.load(job.spec().dataset().name());
            record(run, train(job, data, run));
        } catch (TrainingFailedException e) {
            fail(run, e.reason(), e.getMessage(), e.step(), e);
        } catch (DatasetUnavailableException e) {
            fail(run, FailureReason.INVALID_DATA, e.getMessage(), null, e);
        } catch (OutOfMemoryError e) {
            fail(run, FailureReason.OUT_OF_MEMORY, String.valueOf(e.getMessage()), run.progress().step(), e);
        } catch (RuntimeException e) {
            fail(run, FailureReason.INTERNAL, e.toString(), run.progress().step(), e);
        } finally {
            inFlight.stop();
            activity.finished();
            active.remove(run);
            MDC.remove("jobId");
        }
    }

    private TrainingResult train(ClaimedJob job, Dataset data, JobRun run) {
        String runKey = job.lease().jobId().toString();
        SavedCheckpoint resume = job.checkpoint();
        RunOptions options = new RunOptions(runKey, resume, trainers.schedule(job.spec().training()),
                json.writeValueAsString(job.spec()));
        long from = resume == null ? 0 : resume.position().step();
        curveService.discardAfter(job.lease().jobId(), job.lease().token(), from);
        log.info("Job {} attempt {} started{}", job.lease().jobId(), job.attempt(),
                resume == null ? "" : " from the checkpoint at step " + from);
        try {
            return trainers.trainer().train(job.spec().toRunSpec(), data, run, options);
        } catch (CorruptCheckpointException e) {
            log.error("Job {}: checkpoint unusable ({}); training again from step 0", job.lease().jobId(),
                    e.getMessage());
            curveService.discardAfter(job.lease().jobId(), job.lease().token(), 0);
            return trainers.trainer().train(job.spec().toRunSpec(), data, run,
                    new RunOptions(runKey, null, options.checkpoints(), options.modelSpecJson()));
        }
    }

    private void record(JobRun run, TrainingResult result) {
        awaitCurves(run.lease());
        Lease lease = run.lease();
        RunProgress last = new RunProgress(result.epochs(), result.steps(), run.progress().totalSteps(),
                result.lastLoss());
        if (!result.stopped()) {
            queue.succeeded(lease, last, result.trainLoss(), result.testAccuracy(), result.model());
            discardCheckpoints(lease);
            log.info("Job {} succeeded after {} steps: test accuracy {}", lease.jobId(), result.steps(),
                    result.testAccuracy());
            return;
        }
        switch (run.stopCause()) {
            case CANCELLED -> {
                queue.cancelled(lease, last);
                discardCheckpoints(lease);
            }
            case SHUTDOWN -> queue.released(lease, last, run.latestCheckpoint());
            case LEASE_LOST, NONE -> log.warn("Job {} stopped: lease {} lost", lease.jobId(), lease.token());
        }
        log.info("Job {} stopped at step {}: {}", lease.jobId(), result.steps(), run.stopCause());
    }

    private void fail(JobRun run, FailureReason reason, String message, Long step, Throwable cause) {
        if (reason == FailureReason.DIVERGED) {
            meters.lossWasNonFinite();
        }
        if (reason == FailureReason.INTERNAL || reason == FailureReason.OUT_OF_MEMORY) {
            log.error("Job {} failed ({}) at step {}", run.lease().jobId(), reason, step, cause);
        } else {
            log.warn("Job {} failed ({}) at step {}: {}", run.lease().jobId(), reason, step, message);
        }
        awaitCurves(run.lease());
        if (reason.isRetryable() && run.job().attempt() < execution.maxAttempts()) {
            log.warn("Job {}: {} is an infrastructure failure; handing it back for attempt {} of {}",
                    run.lease().jobId(), reason, run.job().attempt() + 1, execution.maxAttempts());
            queue.released(run.lease(), run.progress(), run.latestCheckpoint());
        } else if (queue.failed(run.lease(), reason, message, step)) {
            discardCheckpoints(run.lease());
        }
    }

    private void discardCheckpoints(Lease lease) {
        trainers.checkpoints().deleteAll(lease.jobId().toString());
    }

    private void awaitCurves(Lease lease) {
        try {
            if (!curves.awaitWritten(CURVE_FLUSH_TIMEOUT_MS)) {
                log.warn("Job {}: curve points still unwritten after {} ms", lease.jobId(), CURVE_FLUSH_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
