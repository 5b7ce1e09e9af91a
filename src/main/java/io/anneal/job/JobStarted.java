package io.anneal.job;

import java.time.Duration;
import java.util.UUID;

/** A worker claimed a job; {@code queued} is how long it waited since submission (or its release). */
public record JobStarted(UUID jobId, int attempt, Duration queued) {
}
