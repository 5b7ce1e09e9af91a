package io.anneal.job;

import io.anneal.training.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import io.anneal.training.checkpoint.SavedCheckpoint;
import io.anneal.training.model.SavedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
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
    private final TrainingJobRepository jobs;
    private final JobViews views;
    private final ApplicationEventPublisher events;

    JobQueue(TrainingJobRepository jobs, JobViews views, ApplicationEventPublisher events) {
        this.jobs = jobs;
        this.views = views;
        this.events = events;
    }

    /** Highest priority first, then oldest; rows locked by other claimers are skipped. */
    @Transactional
    public Optional<ClaimedJob> claimNext() {
        return jobs.lockNextQueued().flatMap(jobs::findById).map(job -> {
            Instant now = JobService.now();
            Instant queuedSince = job.queuedSince();
            job.start(now);
            SavedCheckpoint checkpoint = views.checkpoint(job);
            if (checkpoint != null) {
                job.resumeAt(checkpoint.position().step(), checkpoint.position().epoch());
            }
            events.publishEvent(new JobStarted(job.id(), job.attempt(), Duration.between(queuedSince, now)));
            return new ClaimedJob(new Lease(job.id(), job.leaseToken()), job.name(), views.spec(job), job.attempt(),
                    checkpoint);
        });
    }

    /** Records progress, and a checkpoint saved since the last heartbeat if {@code checkpoint} is not null. */
    @Transactional
    public HeartbeatAnswer heartbeat(Lease lease, RunProgress progress, SavedCheckpoint checkpoint) {
        int updated = jobs.heartbeat(lease.jobId(), lease.token(), progress.epoch(), progress.step(),
                Double.isFinite(progress.lastLoss()) ? progress.lastLoss() : null, progress.totalSteps());
        if (updated == 0) {
            return HeartbeatAnswer.LEASE_LOST;
        }
        if (checkpoint != null) {
            jobs.recordCheckpoint(lease.jobId(), lease.token(), views.checkpointJson(checkpoint));
        }
        return jobs.findStatus(lease.jobId()).filter(status -> status == JobStatus.CANCELLING)
                .map(status -> HeartbeatAnswer.CANCEL_REQUESTED).orElse(HeartbeatAnswer.CONTINUE);
    }

    @Transactional
    public boolean recordEpoch(Lease lease, double trainLoss, double testAccuracy) {
        return withLease(lease, "record an epoch", job -> job.recordEpoch(trainLoss, testAccuracy));
    }

    @Transactional
    public boolean succeeded(Lease lease, RunProgress progress, double trainLoss, double testAccuracy,
            SavedModel model) {
        return withLease(lease, "succeed", job -> {
            planned(job, progress);
            job.succeed(JobService.now(), progress.step(), progress.epoch(), progress.lastLoss(), trainLoss,
                    testAccuracy);
            if (model != null) {
                job.attachModel(model.path(), model.sha256(), model.bytes());
            }
        });
    }

    @Transactional
    public boolean failed(Lease lease, FailureReason reason, String message, Long step) {
        return withLease(lease, "fail", job -> job.fail(JobService.now(), reason, message, step));
    }

    @Transactional
    public boolean cancelled(Lease lease, RunProgress progress) {
        return withLease(lease, "cancel", job -> {
            planned(job, progress);
            job.recordProgress(progress.epoch(), progress.step(), progress.lastLoss());
            job.stopAsCancelled(JobService.now());
        });
    }

    /**
     * Gives a running job back to the queue (shutdown), to be claimed again as a new attempt that resumes
     * from {@code checkpoint} when there is one.
     */
    @Transactional
    public boolean released(Lease lease, RunProgress progress, SavedCheckpoint checkpoint) {
        return withLease(lease, "release", job -> {
            if (checkpoint != null) {
                job.recordCheckpoint(views.checkpointJson(checkpoint));
            }
            planned(job, progress);
            job.recordProgress(progress.epoch(), progress.step(), progress.lastLoss());
            job.release();
        });
    }

    /** Requeues (or fails, after {@code maxAttempts}) running jobs whose worker has gone silent. */
    @Transactional
    public int recoverStale(Duration staleAfter, int maxAttempts) {
        java.util.List<UUID> stale = jobs.lockStale(staleAfter.toMillis() / 1000.0);
        for (UUID id : stale) {
            TrainingJob job = jobs.findById(id).orElseThrow();
            job.recoverFromLostWorker(JobService.now(), maxAttempts);
            publishIfFinished(job);
            log.warn("Job {} attempt {} lost its worker; now {}", id, job.attempt(), job.status());
        }
        return stale.size();
    }

    private boolean withLease(Lease lease, String action, Consumer<TrainingJob> change) {
        Optional<TrainingJob> job = jobs.lockLeased(lease.jobId(), lease.token());
        if (job.isEmpty() || !job.get().status().isActive()) {
            log.warn("Job {} lease {} is no longer held; not allowed to {}", lease.jobId(), lease.token(), action);
            return false;
        }
        change.accept(job.get());
        publishIfFinished(job.get());
        return true;
    }

    private static void planned(TrainingJob job, RunProgress progress) {
        if (progress.totalSteps() != null) {
            job.planSteps(progress.totalSteps());
        }
    }

    private void publishIfFinished(TrainingJob job) {
        if (job.status().isTerminal()) {
            events.publishEvent(JobFinishedEvents.of(job));
        }
    }
}
