package io.anneal.job;

import java.util.Map;

/** Jobs per status, and how long the oldest queued job has waited (0 when none waits), by the database clock. */
public record JobStatistics(Map<JobStatus, Long> byStatus, double oldestQueuedSeconds) {
}
