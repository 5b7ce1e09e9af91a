package io.anneal.training.internal.noise;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;

/**
 * Where next-step noise is drawn while the current step computes: on a pool of background threads, or
 * ({@link #INLINE}) on the training thread when the step needs it. Drawing Gaussians is most of the
 * method's cost and independent of the step being computed; the noise is the same either way. Owned by
 * whoever trains (the service has one pool for all jobs), handed to a network's noise updaters with
 * {@link #attachTo}.
 */
public final class NoisePrefetch implements AutoCloseable {

    /** No background drawing: each step's noise is drawn when the step needs it. */
    public static final NoisePrefetch INLINE = new NoisePrefetch(null);

    private final ExecutorService pool;
    private final AtomicLong draws = new AtomicLong();

    private NoisePrefetch(ExecutorService pool) {
        this.pool = pool;
    }

    /** A pool of {@code threads} daemon threads; close it when training is over. */
    public static NoisePrefetch pooled(int threads) {
        return pooled(threads, null);
    }

    /** The same, its threads made by {@code trainingThreads} (at training's priority) when given. */
    public static NoisePrefetch pooled(int threads, io.anneal.training.TrainingThreads trainingThreads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = runnable -> {
            String name = "anneal-noise-" + count.incrementAndGet();
            Thread thread = trainingThreads == null ? new Thread(runnable, name)
                    : trainingThreads.newThread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
        return new NoisePrefetch(Executors.newFixedThreadPool(Math.max(1, threads), daemons));
    }

    public boolean isEnabled() {
        return pool != null;
    }

    /** Makes every noise updater of {@code updater} draw its next steps here. */
    public void attachTo(Updater updater) {
        if (updater instanceof BaseMultiLayerUpdater<?> layers) {
            for (UpdaterBlock block : layers.getUpdaterBlocks()) {
                if (block.getGradientUpdater() instanceof GradientNoiseUpdater noise) {
                    noise.prefetchWith(this);
                }
            }
        }
    }

    /** Noise blocks drawn ahead so far. */
    public long draws() {
        return draws.get();
    }

    CompletableFuture<Void> submit(Runnable draw) {
        draws.incrementAndGet();
        return CompletableFuture.runAsync(draw, pool);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
