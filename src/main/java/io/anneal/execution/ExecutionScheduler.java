package io.anneal.execution;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one background thread of the execution module: heartbeats of running jobs every
 * {@code heartbeatInterval}, and the search for jobs whose worker was lost. It stops after the worker
 * pool, so the last hand-backs are still heart-beaten.
 */
@Component
class ExecutionScheduler implements SmartLifecycle {

    private final Heartbeats heartbeats;
    private final StaleJobReaper reaper;
    private final ExecutionProperties properties;
    private ScheduledExecutorService scheduler;

    ExecutionScheduler(Heartbeats heartbeats, StaleJobReaper reaper, ExecutionProperties properties) {
        this.heartbeats = heartbeats;
        this.reaper = reaper;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "anneal-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long beat = properties.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(heartbeats::beatAll, beat, beat, TimeUnit.MILLISECONDS);
        long reap = Math.max(1000, properties.staleAfter().toMillis() / 4);
        scheduler.scheduleWithFixedDelay(reaper::reap, reap, reap, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Stops after the worker pool (a lower phase stops later) and before the curve writer. */
    @Override
    public int getPhase() {
        return WorkerPool.PHASE - 1000;
    }
}
