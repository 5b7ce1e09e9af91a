package io.anneal.execution;

import io.anneal.database.DatabaseAvailability;
import io.anneal.job.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;

/**
 * Finds running jobs whose worker stopped heart-beating (a killed process, a lost node) and gives
 * them back to the queue, or fails them as WORKER_LOST after too many attempts. Every replica runs
 * it; the database clock decides staleness and row locks keep replicas from colliding.
 *
 * <p>During a database outage no heartbeat of any replica is written, so right after one every running
 * job looks stale. The search therefore waits until the database has been reachable for
 * {@code staleAfter}: by then every live worker has heart-beaten again, and a job still silent has truly
 * lost its worker. A replica cut off alone (its peers saw no outage) is not protected by this: its jobs
 * are taken over, and the lease fencing stops its workers and refuses their writes when it returns.
 *
 * <p>A replica that has just started cannot tell an old heartbeat of a dead worker from one that an
 * outage it did not see interrupted, so for its first {@code staleAfter} it only gives back the jobs its
 * own previous process was running (same replica name, attempt started before this process: a container
 * or pod restart), which no one else can be running.
 */
@Component
class StaleJobReaper {

    private static final Logger log = LoggerFactory.getLogger(StaleJobReaper.class);
    private final JobQueue queue;
    private final ExecutionProperties properties;
    private final DatabaseAvailability database;
    private final Replica replica;
    private final java.time.Clock clock;
    private final java.time.Instant processStarted;
    private java.time.Instant pausedFor;
    private boolean toldYoung;

    StaleJobReaper(JobQueue queue, ExecutionProperties properties, DatabaseAvailability database, Replica replica,
            java.time.Clock clock) {
        this.queue = queue;
        this.properties = properties;
        this.database = database;
        this.replica = replica;
        this.clock = clock;
        this.processStarted = clock.instant();
    }

    void reap() {
        if (database.outageWithin(properties.staleAfter())) {
            java.time.Instant restored = database.restoredAt();
            if (database.reachable() && restored != null && !restored.equals(pausedFor)) {
                pausedFor = restored;
                log.info("Stale jobs are looked for again from {}, {} after the database came back, when every "
                        + "live worker has heart-beaten", restored.plus(properties.staleAfter()),
                        properties.staleAfter());
            }
            return;
        }
        try {
            java.time.Instant grown = processStarted.plus(properties.staleAfter());
            if (clock.instant().isBefore(grown)) {
                if (!toldYoung) {
                    log.info("Until {} this replica only takes back jobs its previous process ({}) was running; "
                            + "then any whose heartbeat is older than {}", grown, replica.name(),
                            properties.staleAfter());
                    toldYoung = true;
                }
                int orphans = queue.recoverOrphans(replica.name(), processStarted, properties.maxAttempts());
                if (orphans > 0) {
                    log.warn("Took back {} job(s) this replica's previous process was running", orphans);
                }
                return;
            }
            int recovered = queue.recoverStale(properties.staleAfter(), properties.maxAttempts());
            if (recovered > 0) {
                log.warn("Recovered {} job(s) whose worker stopped heart-beating", recovered);
            }
        } catch (DataAccessException | TransactionException e) {
            if (DatabaseAvailability.isUnavailability(e)) {
                log.debug("Looking for stale jobs failed: {}", e.getMostSpecificCause().getMessage());
            } else {
                log.warn("Looking for stale jobs failed: {}", e.getMostSpecificCause().getMessage());
            }
        }
    }
}
