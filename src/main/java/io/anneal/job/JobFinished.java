package io.anneal.job;

import java.time.Duration;
import java.util.UUID;

/** A job reached a terminal status; {@code ran} is null when it never started. */
public record JobFinished(UUID jobId, JobStatus status, FailureReason reason, Duration ran) {
}
