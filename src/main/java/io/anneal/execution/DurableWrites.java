package io.anneal.execution;

import io.anneal.curve.CurvePointWriter;
import io.anneal.database.DatabaseAvailability;
import io.anneal.job.Lease;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How a run's end reaches the database whatever the database is doing: its curve points first, then its
 * verdict, each tried again while PostgreSQL is unreachable (the worker keeps its slot meanwhile, and
 * the heartbeat keeps its lease), so an outage delays a verdict but never loses it or the points
 * before it. Only a stop of this process ends the waiting; the job is then found stale and resumed
 * from its last recorded checkpoint.
 */
@Component
class DurableWrites {

    private static final Logger log = LoggerFactory.getLogger(DurableWrites.class);
    /** How long points may stay unwritten with the database reachable before the verdict goes ahead. */
    private static final Duration CURVES_REACHABLE_WAIT = Duration.ofSeconds(30);
    private static final long FIRST_RETRY_MS = 250;
    private static final long MAX_RETRY_MS = 5_000;
    private final CurvePointWriter curves;
    private final DatabaseAvailability database;

    DurableWrites(CurvePointWriter curves, DatabaseAvailability database) {
        this.curves = curves;
        this.database = database;
    }

    /**
     * Waits until every curve point offered so far is written: without limit while the database is
     * unreachable, at most {@link #CURVES_REACHABLE_WAIT} once it is reachable.
     */
    void awaitCurves(Lease lease) {
        long target = curves.offered();
        long reachableSince = System.nanoTime();
        boolean told = false;
        try {
            while (!curves.awaitWritten(target, 1_000)) {
                if (!database.reachable()) {
                    reachableSince = System.nanoTime();
                    if (!told) {
                        log.info("Job {}: its verdict waits for PostgreSQL, {} curve points are held until then",
                                lease.jobId(), curves.buffered());
                        told = true;
                    }
                } else if (System.nanoTime() - reachableSince > CURVES_REACHABLE_WAIT.toNanos()) {
                    log.warn("Job {}: curve points still unwritten after {} s with the database reachable; "
                            + "recording the verdict anyway", lease.jobId(), CURVES_REACHABLE_WAIT.toSeconds());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code write} (a lease-guarded verdict; false when the lease is gone) until it completes, again
     * and again while its failure is the database being unreachable. Other failures propagate.
     */
    boolean write(Lease lease, String what, BooleanSupplier write) {
        long delay = FIRST_RETRY_MS;
        boolean told = false;
        while (true) {
            try {
                boolean written = write.getAsBoolean();
                if (told) {
                    log.info("Job {}: {} recorded now that PostgreSQL is back", lease.jobId(), what);
                }
                return written;
            } catch (RuntimeException e) {
                if (!DatabaseAvailability.isUnavailability(e)) {
                    throw e;
                }
                if (!told) {
                    log.warn("Job {}: cannot record {} while PostgreSQL is unreachable ({}); trying again until it "
                            + "is back", lease.jobId(), what, e.getMessage());
                    told = true;
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = Math.min(MAX_RETRY_MS, delay * 2);
            }
        }
    }
}
