package io.anneal.training.internal.noise;

import io.anneal.training.internal.HostWrites;
import java.util.concurrent.CompletableFuture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The perturbation of one parameter block, double-buffered: while the training thread adds step t's
 * noise, step t+1's is drawn on another core (see {@link NoisePrefetch}). Noise is a pure function of
 * (seed, step, index), so prefetched and synchronously drawn noise are bit-identical.
 */
final class NoiseBuffers {

    private final GradientNoise config;
    private final NoisePrefetch prefetch;
    private final HostWrites host;
    private final GaussianNoiseSource source;
    private final long length;
    private final long firstIndex;
    private final INDArray[] arrays = new INDArray[2];
    private long prefetchedStep = -1;
    private CompletableFuture<Void> prefetched;

    NoiseBuffers(GradientNoise config, NoisePrefetch prefetch, long length, long firstIndex) {
        this(config, prefetch, HostWrites.ND4J, length, firstIndex);
    }

    NoiseBuffers(GradientNoise config, NoisePrefetch prefetch, HostWrites host, long length, long firstIndex) {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter block of " + length + " elements is too large for noise");
        }
        this.config = config;
        this.prefetch = prefetch;
        this.host = host;
        this.source = config.source();
        this.length = length;
        this.firstIndex = firstIndex;
        arrays[0] = Nd4j.createUninitializedDetached(DataType.FLOAT, length);
        arrays[1] = Nd4j.createUninitializedDetached(DataType.FLOAT, length);
    }

    boolean fits(long length, long firstIndex) {
        return this.length == length && this.firstIndex == firstIndex;
    }

    /** Returns the perturbation to add at {@code step}; the array is valid until the next call. */
    INDArray perturbationAt(long step) {
        INDArray current = arrays[(int) (step & 1)];
        if (prefetched != null && prefetchedStep == step) {
            prefetched.join();
        } else {
            awaitPending();
            draw(current, step);
        }
        prefetched = null;
        if (prefetch.isEnabled() && config.addsNoiseAt(step + 1)) {
            INDArray next = arrays[(int) ((step + 1) & 1)];
            prefetchedStep = step + 1;
            prefetched = prefetch.submit(() -> draw(next, step + 1));
        }
        return current;
    }

    private void awaitPending() {
        if (prefetched != null) {
            prefetched.join();
            prefetched = null;
        }
    }

    private void draw(INDArray target, long step) {
        host.write(target, out -> {
            out.limit((int) length);
            source.fill(out, step, firstIndex, config.standardDeviationAt(step), false);
            if (config.correlation() == NoiseCorrelation.ANTICORRELATED && step > 0) {
                source.fill(out, step - 1, firstIndex, -config.standardDeviationAt(step - 1), true);
            }
        });
    }
}
