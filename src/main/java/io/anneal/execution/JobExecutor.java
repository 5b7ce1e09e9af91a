package io.anneal.execution;

import io.anneal.artifact.CheckpointRef;
import io.anneal.curve.CurveService;
import io.anneal.job.ClaimedJob;
import io.anneal.job.FailureReason;
import io.anneal.tenant.CurrentTenant;
import io.anneal.training.CheckpointUnreadableException;
import io.anneal.training.CheckpointUnusableException;
import io.anneal.training.DatasetUnavailableException;
import io.anneal.training.TrainingEngine;
import io.anneal.training.TrainingFailedException;
import io.anneal.training.TrainingResult;
import io.anneal.training.TrainingRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs one claimed job to its end on the calling worker thread, in one shape: the job id into the MDC,
 * train, classify any failure, hand the outcome to {@link RunVerdicts}, free the slot in {@code finally}.
 * A job with a checkpoint resumes from it.
 */
@Component
class JobExecutor {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);
    private final JobRuns runs;
    private final TrainingEngine engine;
    private final RunVerdicts verdicts;
    private final CurveService curveService;
    private final ActiveRuns active;
    private final CurrentTenant tenant;
    private final Replica replica;

    JobExecutor(JobRuns runs, TrainingEngine engine, RunVerdicts verdicts, CurveService curveService,
            ActiveRuns active, CurrentTenant tenant, Replica replica) {
        this.tenant = tenant;
        this.replica = replica;
        this.runs = runs;
        this.engine = engine;
        this.verdicts = verdicts;
        this.curveService = curveService;
        this.active = active;
    }

    /** Runs the job acting for its tenant, whose uploaded datasets it may read. */
    void execute(ClaimedJob job, int worker) {
        tenant.runAs(job.owner(), () -> run(job, worker));
    }

    private void run(ClaimedJob job, int worker) {
        JobRun run = runs.start(job, worker);
        MDC.put("jobId", job.lease().jobId().toString());
        active.add(run);
        run.begin();
        try {
            verdicts.ended(run, train(job, run));
        } catch (TrainingFailedException e) {
            verdicts.failed(run, reasonOf(e.failure()), e.getMessage(), e.step(), e);
        } catch (CheckpointUnreadableException e) {
            long from = job.checkpoint() == null ? 0 : job.checkpoint().step();
            verdicts.failed(run, FailureReason.CHECKPOINT_UNREADABLE, "replica " + replica.name()
                    + " cannot read the checkpoint at step " + from + " (" + e.getMessage() + "); every replica "
                    + "must share one artifact storage (one volume all mount, or an S3 bucket)", from, e);
        } catch (DatasetUnavailableException e) {
            verdicts.failed(run, FailureReason.INVALID_DATA, e.getMessage(), null, e);
        } catch (OutOfMemoryError e) {
            verdicts.failed(run, FailureReason.OUT_OF_MEMORY, "out of memory: " + e.getMessage(),
                    run.progress().step(), e);
        } catch (RuntimeException e) {
            verdicts.failed(run, FailureReason.INTERNAL, "internal error (the service log has the details under "
                    + "this job's id)", run.progress().step(), e);
        } finally {
            run.end();
            active.remove(run);
            MDC.remove("jobId");
        }
    }

    private TrainingResult train(ClaimedJob job, JobRun run) {
        CheckpointRef resume = job.checkpoint();
        TrainingRun training = run.training();
        long from = resume == null ? 0 : resume.step();
        curveService.discardAfter(job.lease().jobId(), job.lease().token(), from);
        log.info("Job {} attempt {} started{}", job.lease().jobId(), job.attempt(),
                resume == null ? "" : " from the checkpoint at step " + from);
        try {
            return engine.train(training, run);
        } catch (CheckpointUnreadableException e) {
            throw e;
        } catch (CheckpointUnusableException e) {
            log.error("Job {}: the checkpoint at step {} is unusable ({}); training again from step 0",
                    job.lease().jobId(), from, e.getMessage());
            curveService.discardAfter(job.lease().jobId(), job.lease().token(), 0);
            run.checkpoints().forgetResumed();
            return engine.train(training.fromScratch(), run);
        }
    }

    private static FailureReason reasonOf(TrainingFailedException.Cause cause) {
        return switch (cause) {
            case DIVERGED -> FailureReason.DIVERGED;
            case INVALID_DATA -> FailureReason.INVALID_DATA;
            case INVALID_SPEC -> FailureReason.INVALID_SPEC;
        };
    }
}
