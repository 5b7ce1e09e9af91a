package io.anneal.training.internal.noise;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared pool that draws next-step noise while the current step computes. On by default: drawing
 * Gaussians is most of the method's cost and is independent of the step being computed.
 */
public final class NoisePrefetch {

    private static volatile boolean enabled = true;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), daemonThreads());

    private NoisePrefetch() {
    }

    public static boolean isEnabled() {
        return enabled;
    }

    /** Turns background drawing on or off for blocks that draw after this call; results are identical. */
    public static void setEnabled(boolean value) {
        enabled = value;
    }

    static CompletableFuture<Void> submit(Runnable draw) {
        return CompletableFuture.runAsync(draw, POOL);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "anneal-noise-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
