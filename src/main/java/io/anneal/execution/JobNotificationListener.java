package io.anneal.execution;

import io.anneal.database.PostgresNotifications;
import io.anneal.job.JobService;
import org.springframework.stereotype.Component;

/**
 * Wakes idle workers here at once when a job is submitted to any replica (NOTIFY on the job channel),
 * and whenever listening (re)starts, since a submission may have been missed; workers keep polling
 * meanwhile.
 */
@Component
class JobNotificationListener implements PostgresNotifications.Subscriber {

    private final QueueSignal signal;

    JobNotificationListener(PostgresNotifications notifications, QueueSignal signal) {
        this.signal = signal;
        notifications.subscribe(JobService.CHANNEL, this);
    }

    @Override
    public void listening() {
        signal.wakeAll();
    }

    @Override
    public void notified(String payload) {
        signal.wakeAll();
    }
}
