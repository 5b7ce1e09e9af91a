package io.anneal.execution;

import io.anneal.job.ClaimedJob;
import io.anneal.job.JobCancelRequested;
import io.anneal.job.JobStopRequested;
import io.anneal.job.JobSubmitted;
import io.anneal.metrics.WorkerMeters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.anneal.training.TrainingThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The fixed pool of worker threads. Each worker claims a job, trains it to the end and claims the
 * next; idle workers wait for a notification or the poll interval. Shutdown asks running jobs to stop
 * at their next step and hands them back to the queue; heartbeats go on meanwhile
 * ({@link ExecutionScheduler}).
 */
@Component
class WorkerPool implements SmartLifecycle {

    /** Workers stop first of all lifecycle beans, while the database and the curve writer still run. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE;
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private final Claims claims;
    private final JobExecutor executor;
    private final QueueSignal signal;
    private final ActiveRuns active;
    private final WorkerSlots slots;
    private final ExecutionProperties properties;
    private final WorkerMeters workerMeters;
    private final TrainingThreads trainingThreads;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    WorkerPool(Claims claims, JobExecutor executor, QueueSignal signal, ActiveRuns active, WorkerSlots slots,
            ExecutionProperties properties, WorkerMeters workerMeters, TrainingThreads trainingThreads) {
        this.trainingThreads = trainingThreads;
        this.claims = claims;
        this.executor = executor;
        this.signal = signal;
        this.active = active;
        this.slots = slots;
        this.properties = properties;
        this.workerMeters = workerMeters;
    }

    @Override
    public synchronized void start() {
        running = true;
        List<WorkerSlot> planned = slots.plan();
        for (WorkerSlot slot : planned) {
            Thread thread = trainingThreads.newThread(() -> work(slot), slot.threadName());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        log.info("Started {} worker(s) on {}", planned.size(), slots.describe());
    }

    @Override
    public synchronized void stop() {
        running = false;
        active.all().forEach(run -> run.control().requestStop(RunControl.StopCause.SHUTDOWN));
        signal.wakeAll();
        long deadline = System.currentTimeMillis() + properties.shutdownGrace().toMillis();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.stream().filter(Thread::isAlive).forEach(thread ->
                log.warn("Worker {} still running after the shutdown grace period", thread.getName()));
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @TransactionalEventListener
    void onSubmitted(JobSubmitted event) {
        signal.wakeAll();
    }

    @TransactionalEventListener
    void onStopRequested(JobStopRequested event) {
        JobRun run = active.get(event.jobId());
        if (run != null) {
            run.control().requestStop(RunControl.StopCause.STOPPED_EARLY);
        }
    }

    @TransactionalEventListener
    void onCancelRequested(JobCancelRequested event) {
        JobRun run = active.get(event.jobId());
        if (run != null) {
            run.control().requestStop(RunControl.StopCause.CANCELLED);
        }
    }

    private void work(WorkerSlot slot) {
        workerMeters.forWorker(slot.index());
        slots.bind(slot);
        boolean unreachable = false;
        while (running) {
            try {
                Optional<ClaimedJob> job = claims.next();
                if (unreachable) {
                    log.info("Worker {} reaches the queue again", slot.index());
                    unreachable = false;
                }
                if (job.isPresent()) {
                    executor.execute(job.get(), slot.index());
                } else {
                    signal.await(properties.pollInterval());
                }
            } catch (DataAccessException | TransactionException e) {
                if (!unreachable) {
                    log.warn("Worker {} cannot reach the queue, trying again every {}: {}", slot.index(),
                            properties.pollInterval(), e.getMostSpecificCause().getMessage());
                }
                unreachable = true;
                sleepQuietly(properties.pollInterval().toMillis());
                continue;
            } catch (RuntimeException e) {
                log.error("Worker {} hit an unexpected error outside a job; it keeps working", slot.index(), e);
                sleepQuietly(properties.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
