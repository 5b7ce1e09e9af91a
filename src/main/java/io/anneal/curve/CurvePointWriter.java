package io.anneal.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import io.anneal.metrics.AnnealMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;

/**
 * Takes curve points from training threads without blocking them and writes them to PostgreSQL in
 * batches on its own thread, each batch lingering briefly for more points so that fast jobs do not
 * turn every few points into a transaction. When the database is down, the batch is retried until it
 * returns and training goes on: points wait in memory, beyond its capacity on local disk
 * ({@link CurveSpool}), and are written in the order they came, each once (a point is keyed by job,
 * metric and step). Only when the disk allowance is full too does a training thread wait for room: a
 * point is never dropped.
 */
@Component
public class CurvePointWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CurvePointWriter.class);
    /** How often a lingering batch looks whether enough points wait to fill it. */
    private static final long LINGER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final CurveRepository repository;
    private final CurveProperties properties;
    private final CurveSpool buffer;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();
    private volatile boolean flushRequested;
    private final Object progress = new Object();
    /** Queueing and counting happen together, so a count always covers a prefix of the queue. */
    private final Object offering = new Object();
    private volatile Thread flusher;
    private volatile boolean running;

    private final AnnealMeters meters;

    CurvePointWriter(CurveRepository repository, CurveProperties properties, AnnealMeters meters) {
        this.repository = repository;
        this.properties = properties;
        this.meters = meters;
        this.buffer = new CurveSpool(properties.bufferCapacity(), properties.spillCapacity().toBytes(),
                properties.spillDirectory(), properties.batchSize());
        meters.gauge(AnnealMeters.CURVE_POINTS_BUFFERED, "Curve points waiting to be written", buffer::size);
        meters.gauge(AnnealMeters.CURVE_POINTS_ON_DISK, "Curve points waiting on local disk for the database",
                buffer::spilled);
        meters.functionCounter(AnnealMeters.CURVE_POINTS_SPILLED,
                "Curve points that waited on local disk for the database", buffer::spilledTotal);
        meters.functionCounter(AnnealMeters.CURVE_POINTS_BLOCKED, "Time training threads waited for room in the "
                + "curve buffer, memory and disk both full", "seconds", buffer::blockedSeconds);
    }

    /**
     * Queues a point; blocks only while memory and disk allowance are both full (the database away that
     * long). Non-finite values are not recorded.
     */
    public void offer(CurvePoint point) {
        if (!Double.isFinite(point.value())) {
            return;
        }
        synchronized (offering) {
            try {
                buffer.put(point);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for room in the curve buffer", e);
            }
            offered.incrementAndGet();
        }
    }

    /** Waits until every point offered before this call has been written (or the timeout passes). */
    public boolean awaitWritten(long timeoutMillis) throws InterruptedException {
        return awaitWritten(offered.get(), timeoutMillis);
    }

    /** Waits until {@code target} points (a value of {@link #offered()}) have been written, or the timeout passes. */
    public boolean awaitWritten(long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        waiters.incrementAndGet();
        wakeFlusher();
        try {
            synchronized (progress) {
                while (written.get() < target) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return false;
                    }
                    progress.wait(left);
                }
            }
            return true;
        } finally {
            waiters.decrementAndGet();
        }
    }

    /**
     * Asks for the points queued so far to be written without lingering, without waiting for it (a
     * checkpoint is recorded only after the points before it are stored).
     */
    public void flushSoon() {
        flushRequested = true;
        wakeFlusher();
    }

    /** Points queued so far; once {@link #written()} reaches a value read here, those points are stored. */
    public long offered() {
        return offered.get();
    }

    public long written() {
        return written.get();
    }

    public int buffered() {
        return buffer.size();
    }

    @Override
    public void start() {
        running = true;
        flusher = new Thread(this::flushLoop, "anneal-curve-writer");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = flusher;
        wakeFlusher();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!buffer.isEmpty()) {
            log.warn("Curve writer stopped with {} points unwritten; their jobs resume from their last recorded "
                    + "checkpoints", buffer.size());
        }
        buffer.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the workers (lower phase stops later), so their last points are written. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }

    private void flushLoop() {
        List<CurvePoint> batch = new ArrayList<>(properties.batchSize());
        long failingSince = 0;
        long writtenBefore = 0;
        boolean readFailing = false; // reading back from disk, or anything else not the database
        while (running || !buffer.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    CurvePoint first = buffer.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    flushRequested = false;
                    lingerForMore(batch);
                }
                long started = System.nanoTime();
                repository.write(batch);
                meters.curveBatchWritten(batch.size(), System.nanoTime() - started);
                markWritten(batch.size());
                batch.clear();
                if (failingSince != 0) {
                    log.info("Curve points are written again after {} s; {} were held meanwhile, {} of them on disk",
                            (System.nanoTime() - failingSince) / 1_000_000_000, written.get() - writtenBefore
                                    + buffer.size(), buffer.spilledTotal());
                    failingSince = 0;
                }
            } catch (DataAccessException | TransactionException e) {
                if (failingSince == 0) {
                    failingSince = System.nanoTime();
                    writtenBefore = written.get();
                    log.warn("Writing {} curve points failed; they and the points after them wait (in memory, "
                            + "beyond {} on disk) and are tried again every {}: {}", batch.size(),
                            properties.bufferCapacity(), properties.retryDelay(), e.getMostSpecificCause().getMessage());
                } else {
                    log.debug("Writing {} curve points failed again: {}", batch.size(),
                            e.getMostSpecificCause().getMessage());
                }
                if (!sleep(properties.retryDelay().toMillis()) || !running) {
                    log.error("Curve writer giving up on {} points at shutdown", batch.size() + buffer.size());
                    return;
                }
            } catch (java.io.UncheckedIOException e) {
                // the spill file could not be read back: its points stay queued and are read again
                if (!readFailing) {
                    log.warn("Reading curve points back from local disk failed; trying again every {}: {}",
                            properties.retryDelay(), e.getMessage());
                    readFailing = true;
                }
                if (!sleep(properties.retryDelay().toMillis())) {
                    return;
                }
                continue;
            } catch (RuntimeException e) {
                if (!readFailing) {
                    log.error("The curve writer failed; the {} points of its batch and those after it stay queued and "
                            + "are tried again every {}", batch.size(), properties.retryDelay(), e);
                    readFailing = true;
                }
                if (!sleep(properties.retryDelay().toMillis())) {
                    return;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (readFailing) {
                log.info("The curve writer works again");
                readFailing = false;
            }
        }
    }

    /**
     * Fills the batch for up to the linger time after its first point, returning early when enough points
     * wait to fill it, when the writer stops, when someone waits in {@link #awaitWritten} or asked for
     * {@link #flushSoon} (those three wake this thread). It sleeps through the points arriving meanwhile
     * instead of taking each as it comes: every wake-up of this thread takes a core from a training
     * thread for a moment, and two jobs offer a point every few milliseconds.
     */
    private void lingerForMore(List<CurvePoint> batch) throws InterruptedException {
        long deadline = System.nanoTime() + properties.linger().toNanos();
        while (running && waiters.get() == 0 && !flushRequested
                && buffer.size() < properties.batchSize() - batch.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, Math.min(left, LINGER_CHECK_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("curve writer interrupted while a batch lingered");
            }
        }
        buffer.drainTo(batch, properties.batchSize() - batch.size());
    }

    /** Ends a lingering batch now. */
    private void wakeFlusher() {
        Thread thread = flusher;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void markWritten(int count) {
        written.addAndGet(count);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
