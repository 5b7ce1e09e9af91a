package io.anneal.job;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.ModelRef;
import io.anneal.tenant.Quotas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The queue side of jobs, for workers: claim the next job in one short transaction, heartbeat while
 * training (no transaction is ever held open during training), and record how the run ended.
 * Every write after the claim is guarded by the lease token.
 */
@Service
public class JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);
    /** Tenants one claim may find at their running quota before it gives up until the next wake-up. */
    private static final int MAX_TENANTS_REFUSED = 4;
    private final TrainingJobRepository jobs;
    private final JobViews views;
    private final Quotas quotas;
    private final Clock clock;

    JobQueue(TrainingJobRepository jobs, JobViews views, Quotas quotas, Clock clock) {
        this.quotas = quotas;
        this.jobs = jobs;
        this.views = views;
        this.clock = clock;
    }

    /**
     * The next job by the fair order of {@link TrainingJobRepository#lockNextQueued}; rows locked by other
     * claimers are skipped. The tenant's running-jobs quota is checked again under its row lock, so claims
     * on several replicas at once cannot take a tenant past it; a tenant refused so is left out and the
     * next tenant's job taken instead, so the worker does not idle while others have work.
     */
    @Transactional
    public Optional<ClaimedJob> claimNext(String replica) {
        java.util.Set<String> refused = new java.util.LinkedHashSet<>();
        for (int attempt = 0; attempt < MAX_TENANTS_REFUSED; attempt++) {
            Optional<TrainingJob> next = jobs.lockNextQueued(quotas.defaultMaxRunningJobs(), String.join(",", refused))
                    .flatMap(jobs::findById);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (belowRunningQuota(next.get())) {
                return Optional.of(start(next.get(), replica));
            }
            refused.add(next.get().owner());
        }
        return Optional.empty();
    }

    private ClaimedJob start(TrainingJob job, String replica) {
        job.start(now(), replica);
        CheckpointRef checkpoint = job.checkpoint();
        if (checkpoint != null) {
            job.resumeFromCheckpoint();
        }
        jobs.save(job);
        return new ClaimedJob(new Lease(job.id(), job.leaseToken()), job.owner(), job.name(), views.spec(job),
                job.attempt(), checkpoint, job.stopRequested(), job.bestModel());
    }

    /**
     * Whether the tenant may start one more job. Far below its quota (by {@link Quotas#CLAIM_SLOTS} or more)
     * the claim takes a slot and a share lock, so claims of one tenant go ahead together; near it, the
     * tenant's row lock, so they take turns and the count is exact.
     */
    private boolean belowRunningQuota(TrainingJob job) {
        if (jobs.countRunning(job.owner()) + Quotas.CLAIM_SLOTS <= quotas.of(job.owner()).maxRunningJobs()) {
            Optional<io.anneal.tenant.Limits> shared = quotas.shareForClaim(job.owner());
            if (shared.isPresent()) {
                // a share lock cannot safely become the row lock (two holders would deadlock): if the
                // margin is gone meanwhile, this claim passes the tenant by and the next one takes turns
                return jobs.countRunning(job.owner()) + Quotas.CLAIM_SLOTS <= shared.get().maxRunningJobs();
            }
        }
        int limit = quotas.lock(job.owner()).maxRunningJobs();
        if (jobs.countRunning(job.owner()) < limit) {
            return true;
        }
        log.debug("Job {} stays queued: tenant {} runs {} jobs already", job.id(), job.owner(), limit);
        return false;
    }

    /** Records progress, and a checkpoint saved since the last heartbeat if {@code checkpoint} is not null. */
    @Transactional
    public HeartbeatAnswer heartbeat(Lease lease, RunProgress progress, CheckpointRef checkpoint) {
        int updated = jobs.heartbeat(lease.jobId(), lease.token(), progress.epoch(), progress.step(),
                Double.isFinite(progress.lastLoss()) ? progress.lastLoss() : null, progress.totalSteps());
        Optional<JobSignals> signals = jobs.findSignals(lease.jobId());
        if (updated == 0) {
            return signals.filter(job -> job.leaseToken() == lease.token()).isPresent() ? HeartbeatAnswer.ENDED
                    : HeartbeatAnswer.LEASE_LOST;
        }
        if (checkpoint != null) {
            jobs.recordCheckpoint(lease.jobId(), lease.token(), checkpoint.token(), checkpoint.step(),
                    checkpoint.epoch(), checkpoint.savedAt());
        }
        JobSignals job = signals.orElseThrow();
        if (job.status() == JobStatus.CANCELLING) {
            return HeartbeatAnswer.CANCEL_REQUESTED;
        }
        return job.stopRequested() ? HeartbeatAnswer.STOP_REQUESTED : HeartbeatAnswer.CONTINUE;
    }

    /** Records what computes the current attempt's updates; refused once the lease is gone. */
    @Transactional
    public boolean recordEngine(Lease lease, String engine, String backend) {
        return withLease(lease, "record its engine", job -> job.recordEngine(engine, backend));
    }

    /** Records the best model the run has kept so far; refused once the lease is gone. */
    @Transactional
    public boolean recordBest(Lease lease, BestModel best) {
        return withLease(lease, "record its best model", job -> job.recordBest(best));
    }

    @Transactional
    public boolean recordEpoch(Lease lease, double trainLoss, double testAccuracy) {
        return withLease(lease, "record an epoch", job -> job.recordEpoch(trainLoss, testAccuracy));
    }

    @Transactional
    public boolean succeeded(Lease lease, RunProgress last, double trainLoss, double testAccuracy, ModelRef model) {
        return succeeded(lease, last, trainLoss, testAccuracy, model, null);
    }

    /** The run completed; {@code best} (null for none new) is recorded in the same transaction. */
    @Transactional
    public boolean succeeded(Lease lease, RunProgress last, double trainLoss, double testAccuracy, ModelRef model,
            BestModel best) {
        return withLease(lease, "succeed", job -> {
            recordIfPresent(job, best);
            job.succeed(now(), last, trainLoss, testAccuracy, model);
        });
    }

    /** The run stopped early as asked, with its model at that step: the job succeeded, stopped early. */
    @Transactional
    public boolean stoppedEarly(Lease lease, RunProgress last, double trainLoss, double testAccuracy,
            ModelRef model, BestModel best) {
        return withLease(lease, "stop early", job -> {
            recordIfPresent(job, best);
            job.stoppedEarly(now(), last, trainLoss, testAccuracy, model);
        });
    }

    @Transactional
    public boolean failed(Lease lease, FailureReason reason, String message, Long step) {
        return failed(lease, null, reason, message, step, null);
    }

    /**
     * The run failed for good at {@code last} (null leaves the progress of the last heartbeat); {@code best}
     * (null for none new) is what it kept before, recorded with it.
     */
    @Transactional
    public boolean failed(Lease lease, RunProgress last, FailureReason reason, String message, Long step,
            BestModel best) {
        return withLease(lease, "fail", job -> {
            recordIfPresent(job, best);
            job.fail(now(), reason, message, step, last);
        });
    }

    /** The best model recorded on the job (null if none): the one its files must keep. */
    @Transactional(readOnly = true)
    public BestModel recordedBest(UUID jobId) {
        return jobs.findById(jobId).map(TrainingJob::bestModel).orElse(null);
    }

    private static void recordIfPresent(TrainingJob job, BestModel best) {
        if (best != null) {
            job.recordBest(best);
        }
    }

    /**
     * The attempt failed for a reason another attempt may not meet: its failure is kept in the attempt
     * history and the job goes back to the queue, to resume from {@code checkpoint} when there is one.
     */
    @Transactional
    public boolean retry(Lease lease, RunProgress last, CheckpointRef checkpoint, FailureReason reason,
            String message, Long step) {
        return withLease(lease, "retry", job -> {
            recordIfPresent(job, checkpoint);
            job.retryAfter(now(), reason, message, step, last);
        });
    }

    @Transactional
    public boolean cancelled(Lease lease, RunProgress last) {
        return withLease(lease, "cancel", job -> job.stopAsCancelled(now(), last));
    }

    /**
     * Gives a running job back to the queue (shutdown), to be claimed again as a new attempt that resumes
     * from {@code checkpoint} when there is one.
     */
    @Transactional
    public boolean released(Lease lease, RunProgress last, CheckpointRef checkpoint) {
        return withLease(lease, "release", job -> {
            recordIfPresent(job, checkpoint);
            job.release(now(), last);
        });
    }

    /** Requeues (or fails, after {@code maxAttempts}) running jobs whose worker has gone silent. */
    @Transactional
    public int recoverStale(Duration staleAfter, int maxAttempts) {
        return recover(jobs.lockStale(staleAfter.toMillis() / 1000.0), maxAttempts);
    }

    /**
     * Gives back the jobs a replica of this name was running when its process ended (it restarted under
     * the same name: a container or pod restart), without waiting for their heartbeats to go stale.
     */
    @Transactional
    public int recoverOrphans(String replica, Instant processStarted, int maxAttempts) {
        return recover(jobs.lockRunningOn(replica, processStarted), maxAttempts);
    }

    private int recover(List<UUID> stale, int maxAttempts) {
        for (UUID id : stale) {
            TrainingJob job = jobs.findById(id).orElseThrow();
            job.recoverFromLostWorker(now(), maxAttempts);
            jobs.save(job);
            log.warn("Job {} attempt {} lost its worker; now {}", id, job.attempt(), job.status());
        }
        return stale.size();
    }

    private static void recordIfPresent(TrainingJob job, CheckpointRef checkpoint) {
        if (checkpoint != null) {
            job.recordCheckpoint(checkpoint);
        }
    }

    private boolean withLease(Lease lease, String action, Consumer<TrainingJob> change) {
        Optional<TrainingJob> job = jobs.lockLeased(lease.jobId(), lease.token());
        if (job.isPresent() && !job.get().status().isActive()) {
            log.debug("Job {} was finished or handed back under lease {}; nothing left to {}", lease.jobId(),
                    lease.token(), action);
            return false;
        }
        if (job.isEmpty() || !job.get().status().isActive()) {
            log.warn("Job {} lease {} is no longer held; not allowed to {}", lease.jobId(), lease.token(), action);
            return false;
        }
        change.accept(job.get());
        jobs.save(job.get());
        return true;
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
