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
 * that channel's subscribers, so NOTIFY on any replica reaches every replica. Reconnects after a lost
 * connection; each subscriber hears {@link Subscriber#listening()} whenever listening (re)starts, since
 * notifications sent meanwhile are lost.
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
    private final DataSource dataSource;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    PostgresNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
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
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                subscribers.values().forEach(list -> list.forEach(Subscriber::listening));
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
                        subscribers.getOrDefault(notification.getName(), List.of())
                                .forEach(subscriber -> subscriber.notified(notification.getParameter()));
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Listening for notifications on {} failed, retrying in 2 s: {}", subscribers.keySet(),
                            e.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
