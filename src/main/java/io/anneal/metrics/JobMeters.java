package io.anneal.metrics;

import io.anneal.job.JobFinished;
import io.anneal.job.JobService;
import io.anneal.job.JobStarted;
import io.anneal.job.JobStatistics;
import io.anneal.job.JobStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Job meters: a gauge per status and the oldest queued job's age, refreshed from PostgreSQL (so they
 * agree across replicas), and queue-wait, run-duration and finished counts from job events.
 */
@Component
class JobMeters {

    private static final Logger log = LoggerFactory.getLogger(JobMeters.class);
    private final AnnealMeters meters;
    private final JobService jobs;
    private final Map<JobStatus, Long> byStatus = new ConcurrentHashMap<>();
    private volatile double oldestQueuedSeconds;
    private boolean refreshFailing;

    JobMeters(AnnealMeters meters, JobService jobs) {
        this.meters = meters;
        this.jobs = jobs;
        for (JobStatus status : JobStatus.values()) {
            byStatus.put(status, 0L);
            meters.gauge(AnnealMeters.JOBS_BY_STATE, "Jobs in the database by status", () -> byStatus.get(status),
                    "state", status.name());
        }
        meters.gauge(AnnealMeters.JOBS_OLDEST_QUEUED_AGE, "How long the oldest queued job has waited", "seconds",
                () -> oldestQueuedSeconds);
    }

    @Scheduled(fixedDelayString = "${anneal.metrics.refresh-interval:5s}", initialDelay = 1000)
    void refresh() {
        try {
            JobStatistics statistics = jobs.statistics();
            byStatus.putAll(statistics.byStatus());
            oldestQueuedSeconds = statistics.oldestQueuedSeconds();
            if (refreshFailing) {
                log.info("Job gauges are refreshed again");
                refreshFailing = false;
            }
        } catch (DataAccessException | TransactionException e) {
            if (!refreshFailing) {
                log.warn("Refreshing job gauges failed; they keep their last values until it works again: {}",
                        e.getMostSpecificCause().getMessage());
                refreshFailing = true;
            }
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onStarted(JobStarted event) {
        meters.queueWaited(event.queued());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onFinished(JobFinished event) {
        meters.jobFinished(event.status().name(), event.reason() == null ? "none" : event.reason().name(),
                event.ran());
    }
}
