package io.anneal.job;

import io.anneal.training.FailureReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A training job as stored. Its status changes only through the named methods below, each checked
 * against {@link JobStatus#canBecome}; every claim by a worker takes a new lease token, and workers
 * write only while they hold the current one.
 */
@Entity
@Table(name = "training_job")
class TrainingJob {

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
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String checkpoint;
    private Long resumedFromStep;
    private String modelPath;
    private String modelSha256;
    private Long modelBytes;
    @Version
    private long version;

    protected TrainingJob() {
    }

    TrainingJob(UUID id, String owner, String name, int priority, String spec, Instant now) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.priority = priority;
        this.spec = spec;
        this.status = JobStatus.QUEUED;
        this.createdAt = now;
        this.queuedAt = now;
    }

    /** A worker claims the job: a new attempt under a new lease token. */
    void start(Instant now) {
        moveTo(JobStatus.RUNNING, "started");
        attempt++;
        leaseToken++;
        heartbeatAt = now;
        resumedFromStep = null;
        if (startedAt == null) {
            startedAt = now;
        }
    }

    /** The attempt just started continues from the latest checkpoint, taken after {@code step} updates. */
    void resumeAt(long step, int epoch) {
        resumedFromStep = step;
        this.step = step;
        this.epoch = epoch;
    }

    void recordCheckpoint(String checkpointJson) {
        checkpoint = checkpointJson;
    }

    /** A queued job is cancelled at once; a running one is asked to stop at its next step. */
    void requestCancel(Instant now) {
        if (status == JobStatus.CANCELLING) {
            return;
        }
        if (status == JobStatus.QUEUED) {
            moveTo(JobStatus.CANCELLED, "cancelled");
            finishedAt = now;
        } else {
            moveTo(JobStatus.CANCELLING, "cancelled");
        }
    }

    void succeed(Instant now, long steps, int epochs, double loss, double meanTrainLoss, double accuracy) {
        moveTo(JobStatus.SUCCEEDED, "marked succeeded");
        recordProgress(epochs, steps, loss);
        trainLoss = finiteOrNull(meanTrainLoss);
        testAccuracy = finiteOrNull(accuracy);
        finishedAt = now;
    }

    void attachModel(String path, String sha256, long bytes) {
        if (status != JobStatus.SUCCEEDED) {
            throw new IllegalStateException("job " + id + " is " + status + "; only a succeeded job has a model");
        }
        modelPath = path;
        modelSha256 = sha256;
        modelBytes = bytes;
    }

    void fail(Instant now, FailureReason reason, String message, Long atStep) {
        moveTo(JobStatus.FAILED, "marked failed");
        failureReason = reason;
        failureMessage = message == null ? null : message.substring(0, Math.min(message.length(), 2000));
        failureStep = atStep;
        finishedAt = now;
    }

    /**
     * Back to the queue without a verdict, e.g. when the worker's process shuts down; a job whose cancel
     * was requested meanwhile ends as cancelled instead of running again.
     */
    void release() {
        if (status == JobStatus.CANCELLING) {
            stopAsCancelled(JobService.now());
            return;
        }
        moveTo(JobStatus.QUEUED, "requeued");
        heartbeatAt = null;
        queuedAt = JobService.now();
    }

    /** The worker vanished: cancel what was being cancelled, retry or give up after {@code maxAttempts}. */
    void recoverFromLostWorker(Instant now, int maxAttempts) {
        if (status == JobStatus.CANCELLING) {
            stopAsCancelled(now);
        } else if (attempt >= maxAttempts) {
            fail(now, FailureReason.WORKER_LOST, "worker lost " + attempt + " time(s)", step);
        } else {
            release();
        }
    }

    void stopAsCancelled(Instant now) {
        moveTo(JobStatus.CANCELLED, "marked cancelled");
        finishedAt = now;
    }

    void recordProgress(int epoch, long step, double loss) {
        this.epoch = epoch;
        this.step = step;
        this.lastLoss = finiteOrNull(loss);
    }

    void recordEpoch(double meanTrainLoss, double accuracy) {
        trainLoss = finiteOrNull(meanTrainLoss);
        testAccuracy = finiteOrNull(accuracy);
    }

    void planSteps(long steps) {
        totalSteps = steps;
    }

    private void moveTo(JobStatus next, String action) {
        if (!status.canBecome(next)) {
            throw new IllegalJobTransitionException(id, status, next, action);
        }
        status = next;
        if (next.isTerminal()) {
            checkpoint = null;
        }
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
    String checkpoint() { return checkpoint; }
    Long resumedFromStep() { return resumedFromStep; }
    String modelPath() { return modelPath; }
    String modelSha256() { return modelSha256; }
    Long modelBytes() { return modelBytes; }
    /** When the job last entered the queue: at submission, or when a worker gave it back. */
    Instant queuedSince() { return queuedAt == null ? createdAt : queuedAt; }
}
