package io.anneal.execution;

import io.anneal.artifact.BestModel;
import io.anneal.curve.CurvePointWriter;
import io.anneal.job.FailureReason;
import io.anneal.job.JobQueue;
import io.anneal.job.Lease;
import io.anneal.job.RunProgress;
import io.anneal.metrics.AnnealMeters;
import io.anneal.training.TrainingEngine;
import io.anneal.training.TrainingResult;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Records how a run ended, after its curve points are written: succeeded, cancelled, handed back at
 * shutdown, retried after an infrastructure failure (until {@code maxAttempts}) or failed for good.
 * Checkpoints of a run that will not resume are deleted.
 */
@Component
class RunVerdicts {

    private static final Logger log = LoggerFactory.getLogger(RunVerdicts.class);
    private static final long CURVE_FLUSH_TIMEOUT_MS = 30_000;
    private final JobQueue queue;
    private final TrainingEngine engine;
    private final CurvePointWriter curves;
    private final AnnealMeters meters;
    private final ExecutionProperties properties;

    RunVerdicts(JobQueue queue, TrainingEngine engine, CurvePointWriter curves, AnnealMeters meters,
            ExecutionProperties properties) {
        this.queue = queue;
        this.engine = engine;
        this.curves = curves;
        this.meters = meters;
        this.properties = properties;
    }

    void ended(JobRun run, TrainingResult result) {
        awaitCurves(run.lease());
        recordEngine(run);
        Lease lease = run.lease();
        BestModel best = run.report().beginRecordingBest();
        RunProgress last = new RunProgress(result.epochs(), result.steps(), run.progress().totalSteps(),
                result.lastLoss());
        if (!result.stopped()) {
            if (queue.succeeded(lease, last, result.trainLoss(), result.testAccuracy(), result.model(), best)) {
                discardCheckpoints(lease);
            }
            log.info("Job {} succeeded after {} steps: test accuracy {}", lease.jobId(), result.steps(),
                    result.testAccuracy());
            return;
        }
        RunControl.StopCause cause = run.control().cause();
        switch (cause) {
            case CANCELLED -> {
                if (queue.cancelled(lease, last)) {
                    discardCheckpoints(lease);
                }
            }
            case SHUTDOWN -> {
                run.report().recordBestWith(unrecorded -> queue.recordBest(lease, unrecorded));
                queue.released(lease, last, run.checkpoints().latest());
            }
            case STOPPED_EARLY -> {
                if (queue.stoppedEarly(lease, last, result.trainLoss(), result.testAccuracy(), result.model(),
                        best)) {
                    discardCheckpoints(lease);
                }
            }
            case LEASE_LOST, NONE -> log.warn("Job {} stopped: lease {} lost", lease.jobId(), lease.token());
        }
        log.info("Job {} stopped at step {}: {}", lease.jobId(), result.steps(), cause);
    }

    void failed(JobRun run, FailureReason reason, String message, Long step, Throwable cause) {
        Lease lease = run.lease();
        if (reason == FailureReason.DIVERGED) {
            meters.lossWasNonFinite();
        }
        if (reason.isRetryable()) {
            log.error("Job {} failed ({}) at step {}", lease.jobId(), reason, step, cause);
        } else {
            log.warn("Job {} failed ({}) at step {}: {}", lease.jobId(), reason, step, message);
        }
        awaitCurves(lease);
        recordEngine(run);
        BestModel best = run.report().beginRecordingBest();
        if (reason.isRetryable() && run.job().attempt() < properties.maxAttempts()) {
            run.report().recordBestWith(unrecorded -> queue.recordBest(lease, unrecorded));
            log.warn("Job {}: {} is an infrastructure failure; handing it back for attempt {} of {}",
                    lease.jobId(), reason, run.job().attempt() + 1, properties.maxAttempts());
            queue.retry(lease, run.progress(), run.checkpoints().latest(), reason, message, step);
        } else if (queue.failed(lease, reason, message, step, best)) {
            discardCheckpoints(lease);
        }
    }

    /** A run whose engine no heartbeat recorded (a short one, or a failed write) records it with its verdict. */
    private void recordEngine(JobRun run) {
        RunReport.Engine engine = run.report().unrecordedEngine();
        if (engine != null && queue.recordEngine(run.lease(), engine.name(), engine.backend())) {
            run.report().engineRecorded();
        }
    }

    /**
     * The verdict is recorded by now; files left behind are only disk space, so this never undoes it.
     * Keeps the best model the job ended with (none if cancelled), read back after the verdict.
     */
    private void discardCheckpoints(Lease lease) {
        try {
            engine.discardCheckpoints(lease.jobId().toString(), queue.recordedBest(lease.jobId()));
        } catch (UncheckedIOException e) {
            log.warn("Job {}: its checkpoints could not all be deleted: {}", lease.jobId(), e.getMessage());
        } catch (DataAccessException e) {
            log.warn("Job {}: its checkpoints stay until it is deleted, its best model could not be read back: {}",
                    lease.jobId(), e.getMostSpecificCause().getMessage());
        }
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
