package io.anneal.job;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.ModelRef;
import io.anneal.spec.KeepBest;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A training job as stored. Its status changes only through the named methods below, each checked
 * against {@link JobStatus#canBecome}; every claim by a worker takes a new lease token, and workers
 * write only while they hold the current one. The job raises its own events (published when it is
 * saved) and keeps the history of its attempts.
 */
@Entity
@Table(name = "training_job")
class TrainingJob extends AbstractAggregateRoot<TrainingJob> {

    private static final int MAX_MESSAGE = 2000;
    @Id
    private UUID id;
    private String owner;
    private String name;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private int priority;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String spec;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private int epoch;
    private long step;
    private Long totalSteps;
    private Double lastLoss;
    private Double trainLoss;
    private Double testAccuracy;
    @Enumerated(EnumType.STRING)
    private FailureReason failureReason;
    private String failureMessage;
    private Long failureStep;
    private int attempt;
    private long leaseToken;
    private Instant heartbeatAt;
    private Instant queuedAt;
    private long plannedSteps;
    private String checkpointToken;
    private Long checkpointStep;
    private Integer checkpointEpoch;
    private Instant checkpointSavedAt;
    private Long resumedFromStep;
    private boolean stopRequested;
    private boolean stoppedEarly;
    private String modelLocation;
    private String modelSha256;
    private Long modelBytes;
    private String bestModelLocation;
    private String bestModelSha256;
    private Long bestModelBytes;
    @Enumerated(EnumType.STRING)
    private KeepBest bestSelectedBy;
    private Long bestStep;
    private Integer bestEpoch;
    private Double bestValidationAccuracy;
    private Double bestValidationLoss;
    private Double bestTestAccuracy;
    @ElementCollection
    @CollectionTable(name = "job_attempt", joinColumns = @JoinColumn(name = "job_id"))
    @OrderBy("attempt")
    private List<JobAttempt> attempts = new ArrayList<>();
    @Version
    private long version;

    protected TrainingJob() {
    }

    TrainingJob(UUID id, String owner, String name, int priority, String spec, Instant now) {
        this(id, owner, name, priority, spec, 0, now);
    }

    /** A new job of {@code owner}'s, planned to make {@code plannedSteps} updates (for its queued-steps quota). */
    TrainingJob(UUID id, String owner, String name, int priority, String spec, long plannedSteps, Instant now) {
        this.plannedSteps = plannedSteps;
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.priority = priority;
        this.spec = spec;
        this.status = JobStatus.QUEUED;
        this.createdAt = now;
        this.queuedAt = now;
        registerEvent(new JobSubmitted(id, name));
    }

    /** A worker on {@code replica} claims the job: a new attempt under a new lease token. */
    void start(Instant now, String replica) {
        Duration waited = Duration.between(queuedSince(), now);
        moveTo(JobStatus.RUNNING, "started", now);
        attempt++;
        leaseToken++;
        heartbeatAt = now;
        resumedFromStep = null;
        if (startedAt == null) {
            startedAt = now;
        }
        attempts.add(new JobAttempt(attempt, replica, leaseToken, now));
        registerEvent(new JobStarted(id, attempt, waited));
    }

    /** The attempt just started continues from the latest checkpoint. */
    void resumeFromCheckpoint() {
        resumedFromStep = checkpointStep;
        step = checkpointStep;
        epoch = checkpointEpoch;
        currentAttempt().resumedFrom(checkpointStep);
    }

    /** What computes the running attempt's updates. */
    void recordEngine(String engine, String backend) {
        currentAttempt().computedBy(engine, backend);
    }

    void recordCheckpoint(CheckpointRef checkpoint) {
        checkpointToken = checkpoint.token();
        checkpointStep = checkpoint.step();
        checkpointEpoch = checkpoint.epoch();
        checkpointSavedAt = checkpoint.savedAt();
    }

    /** A queued job is cancelled at once; a running one is asked to stop at its next step. */
    void requestCancel(Instant now) {
        if (status == JobStatus.CANCELLING) {
            return;
        }
        if (status == JobStatus.QUEUED) {
            moveTo(JobStatus.CANCELLED, "cancelled", now);
        } else {
            moveTo(JobStatus.CANCELLING, "cancelled", now);
            registerEvent(new JobCancelRequested(id));
        }
    }

    /**
     * A running job is asked to stop at its next step and keep its model as it is then. The request
     * outlives a hand-back: the next attempt stops at its first step.
     *
     * @throws IllegalJobTransitionException unless the job is running
     */
    void requestStop() {
        if (status != JobStatus.RUNNING) {
            throw new IllegalJobTransitionException(id, status, JobStatus.SUCCEEDED, "stopped early (only a running "
                    + "job can be; cancel a queued one)");
        }
        if (!stopRequested) {
            stopRequested = true;
            registerEvent(new JobStopRequested(id));
        }
    }

    /** The run ended at the early stop that was asked for, with its model; the job counts as succeeded. */
    void stoppedEarly(Instant now, RunProgress last, double meanTrainLoss, double accuracy, ModelRef model) {
        succeed(now, last, meanTrainLoss, accuracy, model);
        stoppedEarly = true;
    }

    /** A finished job is deleted with everything it left. */
    void delete() {
        if (!status.isTerminal()) {
            throw new IllegalJobTransitionException(id, status, status, "deleted (cancel it first)");
        }
        registerEvent(new JobDeleted(id));
    }

    void succeed(Instant now, RunProgress last, double meanTrainLoss, double accuracy, ModelRef model) {
        requireCanBecome(JobStatus.SUCCEEDED, "marked succeeded");
        planSteps(last.totalSteps());
        recordProgress(last);
        trainLoss = finiteOrNull(meanTrainLoss);
        testAccuracy = finiteOrNull(accuracy);
        if (model != null) {
            modelLocation = model.location();
            modelSha256 = model.sha256();
            modelBytes = model.bytes();
        }
        currentAttempt().end(now, AttemptOutcome.SUCCEEDED);
        moveTo(JobStatus.SUCCEEDED, "marked succeeded", now);
    }

    /**
     * The run kept a new best model; the one recorded before is replaced. Null forgets it (a cancelled
     * job keeps no model).
     */
    void recordBest(BestModel best) {
        bestModelLocation = best == null ? null : best.model().location();
        bestModelSha256 = best == null ? null : best.model().sha256();
        bestModelBytes = best == null ? null : best.model().bytes();
        bestSelectedBy = best == null ? null : best.selectedBy();
        bestStep = best == null ? null : best.step();
        bestEpoch = best == null ? null : best.epoch();
        bestValidationAccuracy = best == null ? null : finiteOrNull(best.validationAccuracy());
        bestValidationLoss = best == null ? null : finiteOrNull(best.validationLoss());
        bestTestAccuracy = best == null ? null : finiteOrNull(best.testAccuracy());
    }

    void fail(Instant now, FailureReason reason, String message, Long atStep, RunProgress last) {
        requireCanBecome(JobStatus.FAILED, "marked failed");
        if (last != null) {
            recordProgress(last);
        }
        String shortened = shorten(message);
        currentAttempt().endFailed(now, reason, shortened, atStep);
        failureReason = reason;
        failureMessage = shortened;
        failureStep = atStep;
        moveTo(JobStatus.FAILED, "marked failed", now);
    }

    /**
     * The attempt failed in a way another attempt may not (out of memory, an internal fault): the attempt
     * keeps its failure, the job goes back to the queue.
     */
    void retryAfter(Instant now, FailureReason reason, String message, Long atStep, RunProgress last) {
        requireCanBecome(status == JobStatus.CANCELLING ? JobStatus.CANCELLED : JobStatus.QUEUED, "requeued");
        currentAttempt().endFailed(now, reason, shorten(message), atStep);
        release(now, last);
    }

    /**
     * Back to the queue without a verdict, e.g. when the worker's process shuts down; a job whose cancel
     * was requested meanwhile ends as cancelled instead of running again.
     */
    void release(Instant now, RunProgress last) {
        requireCanBecome(status == JobStatus.CANCELLING ? JobStatus.CANCELLED : JobStatus.QUEUED, "requeued");
        planSteps(last.totalSteps());
        recordProgress(last);
        currentAttempt().end(now, AttemptOutcome.RELEASED);
        if (status == JobStatus.CANCELLING) {
            stopAsCancelled(now, last);
            return;
        }
        moveTo(JobStatus.QUEUED, "requeued", now);
        heartbeatAt = null;
        queuedAt = now;
    }

    /** The worker vanished: cancel what was being cancelled, retry or give up after {@code maxAttempts}. */
    void recoverFromLostWorker(Instant now, int maxAttempts) {
        requireCanBecome(JobStatus.FAILED, "recovered from a lost worker");
        currentAttempt().end(now, AttemptOutcome.WORKER_LOST);
        RunProgress last = new RunProgress(epoch, step, totalSteps, lastLoss == null ? Double.NaN : lastLoss);
        if (status == JobStatus.CANCELLING) {
            stopAsCancelled(now, last);
        } else if (attempt >= maxAttempts) {
            fail(now, FailureReason.WORKER_LOST, "worker lost " + attempt + " time(s)", step, last);
        } else {
            release(now, last);
        }
    }

    void stopAsCancelled(Instant now, RunProgress last) {
        requireCanBecome(JobStatus.CANCELLED, "marked cancelled");
        planSteps(last.totalSteps());
        recordProgress(last);
        currentAttempt().end(now, AttemptOutcome.CANCELLED);
        moveTo(JobStatus.CANCELLED, "marked cancelled", now);
    }

    void recordEpoch(double meanTrainLoss, double accuracy) {
        trainLoss = finiteOrNull(meanTrainLoss);
        testAccuracy = finiteOrNull(accuracy);
    }

    private void recordProgress(RunProgress progress) {
        epoch = progress.epoch();
        step = progress.step();
        lastLoss = finiteOrNull(progress.lastLoss());
    }

    private void planSteps(Long steps) {
        if (steps != null) {
            totalSteps = steps;
        }
    }

    private void requireCanBecome(JobStatus next, String action) {
        if (!status.canBecome(next)) {
            throw new IllegalJobTransitionException(id, status, next, action);
        }
    }

    private void moveTo(JobStatus next, String action, Instant now) {
        requireCanBecome(next, action);
        status = next;
        if (next.isTerminal()) {
            finishedAt = now;
            checkpointToken = null;
            checkpointStep = null;
            checkpointEpoch = null;
            checkpointSavedAt = null;
            if (next == JobStatus.CANCELLED) {
                recordBest(null);
            }
            Duration ran = startedAt == null ? null : Duration.between(startedAt, now);
            registerEvent(new JobFinished(id, status, failureReason, ran));
        }
    }

    /** The latest attempt; a job that never ran has none, and changes to it go nowhere. */
    private JobAttempt currentAttempt() {
        return attempts.isEmpty() ? new JobAttempt(0, "none", 0, createdAt) : attempts.get(attempts.size() - 1);
    }

    private static String shorten(String message) {
        return message == null ? null : message.substring(0, Math.min(message.length(), MAX_MESSAGE));
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    UUID id() { return id; }
    String owner() { return owner; }
    String name() { return name; }
    JobStatus status() { return status; }
    int priority() { return priority; }
    String spec() { return spec; }
    Instant createdAt() { return createdAt; }
    Instant startedAt() { return startedAt; }
    Instant finishedAt() { return finishedAt; }
    int epoch() { return epoch; }
    long step() { return step; }
    Long totalSteps() { return totalSteps; }
    Double lastLoss() { return lastLoss; }
    Double trainLoss() { return trainLoss; }
    Double testAccuracy() { return testAccuracy; }
    FailureReason failureReason() { return failureReason; }
    String failureMessage() { return failureMessage; }
    Long failureStep() { return failureStep; }
    int attempt() { return attempt; }
    long leaseToken() { return leaseToken; }
    Instant heartbeatAt() { return heartbeatAt; }
    Long resumedFromStep() { return resumedFromStep; }
    boolean stopRequested() { return stopRequested; }
    boolean isStoppedEarly() { return stoppedEarly; }
    List<JobAttempt> attempts() { return List.copyOf(attempts); }

    /** The latest checkpoint recorded on the job, or null. */
    CheckpointRef checkpoint() {
        return checkpointToken == null ? null
                : new CheckpointRef(checkpointToken, checkpointStep, checkpointEpoch, checkpointSavedAt);
    }

    /** The trained model of a succeeded job, or null. */
    ModelRef model() {
        return modelLocation == null ? null : new ModelRef(modelLocation, modelSha256.strip(), modelBytes);
    }

    /** The best model the job kept on its validation split, or null. */
    BestModel bestModel() {
        return bestModelLocation == null ? null : new BestModel(
                new ModelRef(bestModelLocation, bestModelSha256.strip(), bestModelBytes), bestSelectedBy, bestStep,
                bestEpoch, nanIfNull(bestValidationAccuracy), nanIfNull(bestValidationLoss),
                nanIfNull(bestTestAccuracy));
    }

    private static double nanIfNull(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** Events raised and not yet published (they are published when the job is saved). */
    List<Object> raisedEvents() {
        return List.copyOf(domainEvents());
    }

    /** When the job last entered the queue: at submission, or when a worker gave it back. */
    Instant queuedSince() { return queuedAt == null ? createdAt : queuedAt; }
}
