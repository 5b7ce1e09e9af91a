package io.anneal.execution;

import io.anneal.artifact.BestModel;
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
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;

/**
 * Records how a run ended, after its curve points are written ({@link DurableWrites}: through a database
 * outage too, with the progress it ended at): succeeded, cancelled, handed back at
 * shutdown, retried after an infrastructure failure (until {@code maxAttempts}) or failed for good.
 * Checkpoints of a run that will not resume are deleted.
 */
@Component
class RunVerdicts {

    private static final Logger log = LoggerFactory.getLogger(RunVerdicts.class);
    private final JobQueue queue;
    private final TrainingEngine engine;
    private final DurableWrites durably;
    private final AnnealMeters meters;
    private final ExecutionProperties properties;

    RunVerdicts(JobQueue queue, TrainingEngine engine, DurableWrites durably, AnnealMeters meters,
            ExecutionProperties properties) {
        this.queue = queue;
        this.engine = engine;
        this.durably = durably;
        this.meters = meters;
        this.properties = properties;
    }

    void ended(JobRun run, TrainingResult result) {
        Lease lease = run.lease();
        durably.awaitCurves(lease);
        recordEngine(run);
        BestModel best = run.report().beginRecordingBest();
        RunProgress last = new RunProgress(result.epochs(), result.steps(), run.progress().totalSteps(),
                result.lastLoss());
        if (!result.stopped()) {
            if (durably.write(lease, "its success", () -> queue.succeeded(lease, last, result.trainLoss(),
                    result.testAccuracy(), result.model(), best))) {
                discardCheckpoints(lease);
            }
            log.info("Job {} succeeded after {} steps: test accuracy {}", lease.jobId(), result.steps(),
                    result.testAccuracy());
            return;
        }
        RunControl.StopCause cause = run.control().cause();
        switch (cause) {
            case CANCELLED -> {
                if (durably.write(lease, "its cancellation", () -> queue.cancelled(lease, last))) {
                    discardCheckpoints(lease);
                }
            }
            case SHUTDOWN -> {
                recordBest(run);
                durably.write(lease, "its hand-back", () -> queue.released(lease, last, run.checkpoints().latest()));
            }
            case STOPPED_EARLY -> {
                if (durably.write(lease, "its early stop", () -> queue.stoppedEarly(lease, last, result.trainLoss(),
                        result.testAccuracy(), result.model(), best))) {
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
        durably.awaitCurves(lease);
        recordEngine(run);
        BestModel best = run.report().beginRecordingBest();
        RunProgress last = run.progress();
        if (reason.isRetryable() && run.job().attempt() < properties.maxAttempts()) {
            recordBest(run);
            log.warn("Job {}: {} is an infrastructure failure; handing it back for attempt {} of {}",
                    lease.jobId(), reason, run.job().attempt() + 1, properties.maxAttempts());
            durably.write(lease, "its retry", () -> queue.retry(lease, last, run.checkpoints().latest(), reason,
                    message, step));
        } else if (durably.write(lease, "its failure", () -> queue.failed(lease, last, reason, message, step,
                best)) && reason != FailureReason.CHECKPOINT_UNREADABLE) {
            // a checkpoint this replica could not read may be readable where it was written: it stays
            discardCheckpoints(lease);
        }
    }

    /** A run whose engine no heartbeat recorded (a short one, or a failed write) records it with its verdict. */
    private void recordEngine(JobRun run) {
        RunReport.Engine engine = run.report().unrecordedEngine();
        if (engine != null && durably.write(run.lease(), "its engine",
                () -> queue.recordEngine(run.lease(), engine.name(), engine.backend()))) {
            run.report().engineRecorded();
        }
    }

    private void recordBest(JobRun run) {
        run.report().recordBestWith(unrecorded -> durably.write(run.lease(), "its best model",
                () -> queue.recordBest(run.lease(), unrecorded)));
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
        } catch (DataAccessException | TransactionException e) {
            log.warn("Job {}: its checkpoints stay until it is deleted, its best model could not be read back: {}",
                    lease.jobId(), e.getMostSpecificCause().getMessage());
        }
    }
}
