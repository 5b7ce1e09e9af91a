package io.anneal.database;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether this replica reaches PostgreSQL now, as seen by the one connection that is always open
 * ({@link PostgresNotifications}): it notices a stopped server within a second and a silent network
 * within a few. It is the {@code database} health indicator (readiness: DOWN at once, without waiting
 * for a connection), the gauge {@code anneal_database_reachable}, and it tells the stale-job reaper when
 * an outage ended, since every heartbeat of every replica failed during it. (Its bean name makes it
 * the {@code database} entry of the health endpoint.)
 */
@Component("databaseHealthIndicator")
public class DatabaseAvailability implements HealthIndicator {

    /** SQLSTATEs of a server that is gone or going: admin shutdown, crash shutdown, cannot connect now. */
    /** Shutting down, crashed, starting up; or refusing more connections. */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03", "53300");
    private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
    private final Clock clock;
    private volatile boolean reachable = true;
    private volatile Instant lostAt;
    private volatile String lostBecause;
    private volatile Instant restoredAt;

    DatabaseAvailability(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        Gauge.builder("anneal.database.reachable", this, availability -> availability.reachable ? 1 : 0)
                .description("1 while this replica reaches PostgreSQL, 0 during an outage").register(registry);
    }

    /**
     * Whether {@code failure} means the database cannot be reached (refused or broken connections, no
     * connection within the pool's timeout, a server shutting down or refusing more connections), as
     * opposed to a failed statement. The SQLState decides where there is one (class 08, 57P01-03, 53300);
     * without one, the type of a failure to get a connection.
     */
    public static boolean isUnavailability(Throwable failure) {
        boolean connectionFailure = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("08") || SERVER_GONE.contains(state);
            }
            connectionFailure |= cause instanceof CannotCreateTransactionException
                    || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof org.hibernate.exception.JDBCConnectionException;
            if (cause.getCause() == cause) {
                break;
            }
        }
        return connectionFailure;
    }

    public boolean reachable() {
        return reachable;
    }

    /**
     * True during an outage and for {@code window} after it ended: a job whose heartbeat is older than
     * {@code window} then may only have failed to reach the database, not lost its worker.
     */
    public boolean outageWithin(Duration window) {
        if (!reachable) {
            return true;
        }
        Instant restored = restoredAt;
        return restored != null && restored.plus(window).isAfter(clock.instant());
    }

    /** When the last outage ended, if one did since this process started. */
    public Instant restoredAt() {
        return restoredAt;
    }

    /** The always-open connection failed: the database is unreachable until {@link #restored()}. */
    void lost(Throwable cause) {
        if (!reachable) {
            return;
        }
        lostAt = clock.instant();
        lostBecause = cause.getMessage();
        reachable = false;
        log.warn("PostgreSQL is unreachable: {}. Requests that need it answer 503 and readiness is DOWN until it "
                + "is back; training goes on", lostBecause);
    }

    /** The always-open connection works (again). */
    void restored() {
        if (reachable) {
            return;
        }
        restoredAt = clock.instant();
        reachable = true;
        log.info("PostgreSQL is reachable again after {} s", Duration.between(lostAt, restoredAt).toMillis() / 1000.0);
    }

    @Override
    public Health health() {
        if (reachable) {
            return Health.up().build();
        }
        return Health.down().withDetail("unreachableSince", lostAt.toString()).withDetail("error", lostBecause)
                .build();
    }
}
