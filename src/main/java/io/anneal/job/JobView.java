package io.anneal.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.spec.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job on the wire. {@code spec} and {@code attempts} are absent from list summaries; {@code resumedFromStep} is set when
 * the current attempt continued from a checkpoint; {@code stoppedEarly} is true for a job stopped early on
 * request, whose model is the network at that step (absent otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobView(UUID id, String name, JobStatus status, JobSpec spec, Instant createdAt, Instant startedAt,
        Instant finishedAt, Progress progress, Metrics metrics, Failure failure, int attempt, Checkpoint checkpoint,
        Long resumedFromStep, ModelFile model, BestModelFile bestModel, Boolean stoppedEarly,
        List<Attempt> attempts) {

    /** The trained model of a succeeded job: download it from {@code /api/v1/jobs/{id}/model}. */
    public record ModelFile(String sha256, long bytes) {
    }

    /**
     * The model the job kept for scoring best on its validation split ({@code selectedBy}
     * validationAccuracy or validationLoss) at the end of {@code epoch}, after {@code step} updates, with
     * its validation figures and its test accuracy (measured then, never used to choose). Served by
     * {@code /model?model=best} once the job has ended.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BestModelFile(String selectedBy, long step, int epoch, Double validationAccuracy,
            Double validationLoss, Double testAccuracy, String sha256, long bytes) {
    }

    /**
     * One attempt at the job: the replica that ran it, what computed its updates ({@code engine} KERNEL
     * or DL4J on {@code backend} CPU or CUDA, known once training began), the step it resumed from (null
     * when it started from scratch), and how it ended ({@code outcome} null while it runs).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(int attempt, String replica, String engine, String backend, Instant startedAt,
            Long resumedFromStep, Instant endedAt, AttemptOutcome outcome, Failure failure) {
    }

    /** The latest checkpoint of a job that has not finished: a new attempt resumes after that step. */
    public record Checkpoint(long step, Instant savedAt) {
    }

    /** Updates done and planned; {@code totalSteps} is known once the job has started. */
    public record Progress(int epoch, long step, Long totalSteps) {
    }

    /** Latest minibatch loss, and train loss and test accuracy of the last completed epoch. */
    public record Metrics(Double lastLoss, Double trainLoss, Double testAccuracy) {
    }

    /** Why a job failed and at which update. */
    public record Failure(FailureReason reason, String message, Long step) {
    }
}
