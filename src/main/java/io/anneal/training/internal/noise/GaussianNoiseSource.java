package io.anneal.training.internal.noise;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * Standard normal draws that are a pure function of (seed, step, element index), so a run resumed
 * from a checkpoint draws exactly the noise it would have drawn without the interruption.
 *
 * <p>Each chunk of {@link #CHUNK} consecutive elements gets its own generator keyed by the absolute
 * index of its first element in the flattened parameter vector: two parameter blocks never share
 * noise, whatever their lengths.
 */
final class GaussianNoiseSource {

    static final int CHUNK = 4096;

    private final long seed;

    GaussianNoiseSource(long seed) {
        this.seed = seed;
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
        float[] previous = accumulate ? new float[chunk.length] : null;
        for (int start = 0; start < length; start += CHUNK) {
            SplittableRandom random = new SplittableRandom(key(step, firstIndex + start));
            int count = Math.min(length, start + CHUNK) - start;
            for (int i = 0; i < count; i++) {
                chunk[i] = (float) (scale * random.nextGaussian());
            }
            if (accumulate) {
                out.get(start, previous, 0, count);
                for (int i = 0; i < count; i++) {
                    chunk[i] += previous[i];
                }
            }
            out.put(start, chunk, 0, count);
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
