package io.anneal.training.internal.noise;

import io.anneal.training.internal.HostWrites;
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
 * Where gradient noise is drawn: straight onto the gradient on the training thread ({@link #IN_PLACE}, the
 * least work in all, what the service does on the CPU backend), into an array of its own on the training
 * thread ({@link #INLINE}), or a step ahead on a pool of background threads while the current step computes
 * ({@link #pooled}: on a GPU backend the training thread then only waits for the device). The noise is
 * bit for bit the same every way. Owned by whoever trains (the service has one for all jobs), handed to a
 * network's noise updaters with {@link #attachTo}.
 */
public final class NoisePrefetch implements AutoCloseable {

    /** No background drawing: each step's noise is drawn into an array of its own when the step needs it. */
    public static final NoisePrefetch INLINE = new NoisePrefetch(null, null);

    /**
     * No background drawing and no array for the noise: each step's noise is drawn straight onto the
     * gradient's host memory (where the gradient is a contiguous float array; elsewhere as {@link #INLINE}).
     * With the other cores idle as fast as drawing ahead on them, and faster when every core trains.
     */
    public static final NoisePrefetch IN_PLACE = inPlace(HostWrites.ND4J);

    private final ExecutorService pool;
    /** Where in-place drawing reads and writes the gradient; null when noise is drawn into its own array. */
    private final HostWrites inPlace;
    private final AtomicLong draws = new AtomicLong();

    private NoisePrefetch(ExecutorService pool, HostWrites inPlace) {
        this.pool = pool;
        this.inPlace = inPlace;
    }

    /** {@link #IN_PLACE} through {@code host}. */
    public static NoisePrefetch inPlace(HostWrites host) {
        return new NoisePrefetch(null, host);
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
        return new NoisePrefetch(Executors.newFixedThreadPool(Math.max(1, threads), daemons), null);
    }

    public boolean isEnabled() {
        return pool != null;
    }

    /** The host access of in-place drawing, or null when noise is drawn into an array of its own. */
    HostWrites inPlaceWrites() {
        return inPlace;
    }

    /** How noise is drawn, for the log. */
    public String describe() {
        return inPlace != null ? "in place on the training thread" : pool != null ? "a step ahead on a pool"
                : "inline on the training thread";
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
