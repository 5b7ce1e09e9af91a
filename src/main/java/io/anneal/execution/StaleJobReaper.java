package io.anneal.execution;

import io.anneal.job.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Finds running jobs whose worker stopped heart-beating (a killed process, a lost node) and gives
 * them back to the queue, or fails them as WORKER_LOST after too many attempts. Every replica runs
 * it; the database clock decides staleness and row locks keep replicas from colliding.
 */
@Component
class StaleJobReaper {

    private static final Logger log = LoggerFactory.getLogger(StaleJobReaper.class);
    private final JobQueue queue;
    private final ExecutionProperties properties;

    StaleJobReaper(JobQueue queue, ExecutionProperties properties) {
        this.queue = queue;
        this.properties = properties;
    }

    void reap() {
        try {
            int recovered = queue.recoverStale(properties.staleAfter(), properties.maxAttempts());
            if (recovered > 0) {
                log.warn("Recovered {} job(s) whose worker stopped heart-beating", recovered);
            }
        } catch (DataAccessException e) {
            log.warn("Looking for stale jobs failed: {}", e.getMostSpecificCause().getMessage());
        }
    }
}
