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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExecutionScheduler.class);
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
        scheduler.scheduleWithFixedDelay(guarded("heartbeat", heartbeats::beatAll), beat, beat,
                TimeUnit.MILLISECONDS);
        long reap = Math.max(1000, properties.staleAfter().toMillis() / 4);
        scheduler.scheduleWithFixedDelay(guarded("stale-job search", reaper::reap), reap, reap,
                TimeUnit.MILLISECONDS);
    }

    /** A task that throws is never run again by the executor: one unexpected failure must not end heartbeats. */
    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("The {} failed unexpectedly; it runs again at its next turn", name, e);
            }
        };
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
