package io.anneal.execution;

import io.anneal.job.JobService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * LISTENs on the job channel so that a job submitted to any replica wakes idle workers here at once.
 * Reconnects after a lost connection; workers keep polling meanwhile.
 */
@Component
class JobNotificationListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobNotificationListener.class);
    private final DataSource dataSource;
    private final QueueSignal signal;
    private volatile boolean running;
    private Thread thread;

    JobNotificationListener(DataSource dataSource, QueueSignal signal) {
        this.dataSource = dataSource;
        this.signal = signal;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listenLoop, "anneal-job-listener");
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
                    statement.execute("LISTEN " + JobService.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                signal.wakeAll();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        signal.wakeAll();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Listening for job notifications failed, retrying in 2 s: {}", e.getMessage());
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
