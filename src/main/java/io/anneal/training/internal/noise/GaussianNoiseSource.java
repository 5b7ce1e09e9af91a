package io.anneal.training.internal.noise;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Standard normal draws that are a pure function of (seed, step, element index), so a run resumed
 * from a checkpoint draws exactly the noise it would have drawn without the interruption. Three
 * generators ("noise streams"), recorded with the network's configuration in every checkpoint and model:
 *
 * <ol>
 *   <li>each chunk of {@link #CHUNK} consecutive elements gets its own {@link SplittableRandom} keyed
 *   by the absolute index of its first element, drawing by its polar method (about 2.6 ns a draw);
 *   <li>{@link CounterGaussians}: each element computed from its index alone (four 32-bit hash rounds per
 *   two outputs), eight at a time where the JVM has the vector module, the same bits without it;
 *   <li>{@link MixGaussians}: the same layout with one 64-bit hash per two outputs and fused
 *   multiply-adds, 1.8x faster than stream 2. New runs draw this one when the JVM has the vector module
 *   (see {@link #CURRENT_STREAM}).
 * </ol>
 *
 * Two parameter blocks never share noise, whatever their lengths: indices are absolute in the
 * flattened parameter vector.
 */
final class GaussianNoiseSource {

    static final int CHUNK = 4096;
    static final int LEGACY_STREAM = 1;
    static final int COUNTER_STREAM = 2;
    static final int MIX_STREAM = 3;
    /**
     * What new runs draw: stream 3 where the JVM has the vector module (5x faster than stream 1); without
     * it streams 2 and 3 are drawn one element at a time, slower than stream 1, so new runs keep stream 1.
     */
    static final int CURRENT_STREAM = CounterGaussians.VECTOR_MODULE ? MIX_STREAM : LEGACY_STREAM;
    private static final CountedGaussians<?> COUNTER = CounterGaussians.best();
    private static final CountedGaussians<?> MIX = MixGaussians.best();

    private final long seed;
    /** The generator of streams 2 and 3; null for stream 1. */
    private final CountedGaussians<?> counted;

    GaussianNoiseSource(long seed, int stream) {
        this.seed = seed;
        this.counted = switch (stream) {
            case LEGACY_STREAM -> null;
            case COUNTER_STREAM -> COUNTER;
            case MIX_STREAM -> MIX;
            default -> throw new IllegalArgumentException("no noise stream " + stream);
        };
    }

    /** Whether {@code stream} is one this version draws. */
    static boolean known(int stream) {
        return stream == LEGACY_STREAM || stream == COUNTER_STREAM || stream == MIX_STREAM;
    }

    /**
     * Writes {@code scale * z} for the elements {@code [firstIndex, firstIndex + out.limit())} of step
     * {@code step}, where {@code z} is standard normal; with {@code accumulate}, adds instead of writing.
     * Draws a chunk into a heap array and copies it in bulk: per-element buffer writes cost a tenth
     * of the drawing.
     */
    void fill(FloatBuffer out, long step, long firstIndex, double scale, boolean accumulate) {
        int length = out.limit();
        float[] chunk = new float[Math.min(CHUNK, length)];
        for (int start = 0; start < length; start += CHUNK) {
            int count = Math.min(length, start + CHUNK) - start;
            if (accumulate) {
                out.get(start, chunk, 0, count);
            }
            draw(chunk, count, step, firstIndex + start, scale, accumulate);
            out.put(start, chunk, 0, count);
        }
    }

    /**
     * Adds to {@code gradient} (its elements {@code [0, limit)}, the parameters from {@code firstIndex} on)
     * the perturbation of step {@code step}: {@code scale * z_step}, minus {@code previousScale * z_(step-1)}
     * when {@code anticorrelated}. Bit for bit the sum of the gradient and the perturbation {@link #fill}
     * writes, without an array for the perturbation: each chunk is drawn straight onto the gradient's
     * values while they are in the first-level cache.
     */
    void addTo(FloatBuffer gradient, long step, long firstIndex, double scale, boolean anticorrelated,
            double previousScale) {
        int length = gradient.limit();
        float[] chunk = new float[Math.min(CHUNK, length)];
        float[] noise = anticorrelated || counted == null ? new float[chunk.length] : null;
        for (int start = 0; start < length; start += CHUNK) {
            int count = Math.min(length, start + CHUNK) - start;
            gradient.get(start, chunk, 0, count);
            if (noise == null) {
                draw(chunk, count, step, firstIndex + start, scale, true);
            } else {
                draw(noise, count, step, firstIndex + start, scale, false);
                if (anticorrelated) {
                    draw(noise, count, step - 1, firstIndex + start, -previousScale, true);
                }
                for (int i = 0; i < count; i++) {
                    chunk[i] += noise[i];
                }
            }
            gradient.put(start, chunk, 0, count);
        }
    }

    /** {@code scale * z} of the {@code count} elements from {@code firstIndex} into {@code chunk[0 ..]}. */
    private void draw(float[] chunk, int count, long step, long firstIndex, double scale, boolean accumulate) {
        if (counted != null) {
            counted.fill(chunk, 0, count, firstIndex, seed, step, (float) scale, accumulate);
            return;
        }
        SplittableRandom random = new SplittableRandom(key(step, firstIndex));
        for (int i = 0; i < count; i++) {
            float z = (float) (scale * random.nextGaussian());
            chunk[i] = accumulate ? chunk[i] + z : z;
        }
    }

    private long key(long step, long index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ step);
        return mix(h ^ (index * 0xC2B2AE3D27D4EB4FL));
    }

    /** The finaliser of SplitMix64: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
