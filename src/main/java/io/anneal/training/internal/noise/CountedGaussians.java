package io.anneal.training.internal.noise;

import static io.anneal.training.internal.noise.CounterGaussians.BLOCK;

/**
 * A noise stream whose standard normal draws are computed from (seed, step, element index) alone, in
 * blocks of {@value CounterGaussians#BLOCK}: element {@code i} is the cosine (first eight of its block) or
 * sine (last eight) output of Box-Muller pair {@code i % 8} of block {@code i / 16}. Whole blocks are drawn
 * by vector code where the JVM has the vector module, the rest one element at a time, with the same bits.
 *
 * @param <K> what a step's draws are keyed by, made of seed and step
 */
abstract class CountedGaussians<K> {

    private final boolean vector;

    /** @param vector draw whole blocks with the vector code (the JDK's vector module must be there) */
    CountedGaussians(boolean vector) {
        this.vector = vector;
    }

    /** Whether whole blocks are drawn by the JDK's vector module. */
    final boolean vectorised() {
        return vector;
    }

    /**
     * Writes {@code scale * z} of the elements {@code firstIndex .. firstIndex + count - 1} of step
     * {@code step} into {@code out[from ..]}; with {@code accumulate}, adds it to what is there.
     */
    final void fill(float[] out, int from, int count, long firstIndex, long seed, long step, float scale,
            boolean accumulate) {
        K keys = keys(seed, step);
        int done = 0;
        if (vector) {
            done = (int) Math.min(count, (BLOCK - firstIndex % BLOCK) % BLOCK);
            scalar(out, from, done, firstIndex, keys, scale, accumulate);
            int blocks = (count - done) / BLOCK;
            if (blocks > 0) {
                blocks(out, from + done, (firstIndex + done) / BLOCK, blocks, keys, scale, accumulate);
                done += blocks * BLOCK;
            }
        }
        scalar(out, from + done, count - done, firstIndex + done, keys, scale, accumulate);
    }

    abstract K keys(long seed, long step);

    /** {@code scale * z} of element {@code index}, as the vector code computes it. */
    abstract float draw(long index, K keys, float scale);

    /** {@link #fill} of any elements, one at a time. */
    private void scalar(float[] out, int from, int count, long firstIndex, K keys, float scale, boolean accumulate) {
        for (int i = 0; i < count; i++) {
            float z = draw(firstIndex + i, keys, scale);
            out[from + i] = accumulate ? out[from + i] + z : z;
        }
    }

    /** {@link #fill} of whole blocks by the vector code, the first being block {@code firstBlock}. */
    abstract void blocks(float[] out, int from, long firstBlock, int blocks, K keys, float scale, boolean accumulate);
}
