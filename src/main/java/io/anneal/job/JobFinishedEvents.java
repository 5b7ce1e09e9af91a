package io.anneal.job;

import java.time.Duration;

/** Builds the {@link JobFinished} event of a job that has just reached a terminal status. */
final class JobFinishedEvents {

    private JobFinishedEvents() {
    }

    static JobFinished of(TrainingJob job) {
        Duration ran = job.startedAt() == null || job.finishedAt() == null ? null
                : Duration.between(job.startedAt(), job.finishedAt());
        return new JobFinished(job.id(), job.status(), job.failureReason(), ran);
    }
}
