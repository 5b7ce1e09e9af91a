package io.anneal.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.training.FailureReason;
import java.time.Instant;
import java.util.UUID;

/**
 * A job on the wire. {@code spec} is absent from list summaries; {@code resumedFromStep} is set when
 * the current attempt continued from a checkpoint.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record JobView(UUID id, String name, JobStatus status, JobSpec spec, Instant createdAt, Instant startedAt,
        Instant finishedAt, Progress progress, Metrics metrics, Failure failure, int attempt, Checkpoint checkpoint,
        Long resumedFromStep, Model model) {

    /** The trained model of a succeeded job: download it from {@code /api/v1/jobs/{id}/model}. */
    public record Model(String sha256, long bytes) {
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
