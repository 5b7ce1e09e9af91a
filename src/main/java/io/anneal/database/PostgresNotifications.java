package io.anneal.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One connection that LISTENs on every channel a module subscribes to, and hands each notification to
 * that channel's subscribers, so NOTIFY on any replica reaches every replica. Reconnects every second
 * after a lost connection; each subscriber hears {@link Subscriber#listening()} whenever listening
 * (re)starts, since notifications sent meanwhile are lost. Being always open, it is also how
 * {@link DatabaseAvailability} knows whether PostgreSQL is reachable: a stopped server breaks it at once,
 * and a query every few quiet seconds, bounded by a network timeout, finds a silent network.
 */
@Component
public class PostgresNotifications implements SmartLifecycle {

    /** What a channel's subscriber does with its notifications. */
    public interface Subscriber {

        /** Listening has (re)started: anything notified while it was not may have been missed. */
        void listening();

        void notified(String payload);
    }

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final int POLL_MILLIS = 1000;
    /** Quiet polls after which the connection is tested with a query. */
    private static final int POLLS_PER_CHECK = 3;
    private static final int CHECK_TIMEOUT_MILLIS = 3000;
    private static final long RETRY_MILLIS = 1000;
    private final DataSource dataSource;
    private final DatabaseAvailability availability;
    private final java.util.concurrent.Executor timeouts = Runnable::run;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    PostgresNotifications(DataSource dataSource, DatabaseAvailability availability) {
        this.dataSource = dataSource;
        this.availability = availability;
    }

    /** Subscribes to {@code channel} (a plain identifier); call before the application context starts. */
    public void subscribe(String channel, Subscriber subscriber) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listenLoop, "anneal-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenLoop() {
        boolean failing = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setNetworkTimeout(timeouts, CHECK_TIMEOUT_MILLIS);
                try (Statement statement = connection.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                if (failing) {
                    log.info("Listening for notifications on {} again", subscribers.keySet());
                    failing = false;
                }
                availability.restored();
                subscribers.values().forEach(list -> list.forEach(Subscriber::listening));
                listen(connection);
            } catch (SQLException e) {
                if (running) {
                    availability.lost(e);
                    if (!failing) {
                        log.warn("Listening for notifications on {} failed, retrying every {} ms: {}",
                                subscribers.keySet(), RETRY_MILLIS, e.getMessage());
                        failing = true;
                    }
                    pause();
                }
            }
        }
    }

    /** Hands notifications on until the connection fails; tests it with a query when it has been quiet. */
    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        int quiet = 0;
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications == null || notifications.length == 0) {
                if (++quiet >= POLLS_PER_CHECK) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT 1");
                    }
                    quiet = 0;
                }
                continue;
            }
            quiet = 0;
            for (PGNotification notification : notifications) {
                subscribers.getOrDefault(notification.getName(), List.of())
                        .forEach(subscriber -> subscriber.notified(notification.getParameter()));
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
