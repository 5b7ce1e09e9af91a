package io.anneal.training.internal.noise;

import static io.anneal.training.internal.noise.CounterGaussians.BLOCK;
import static io.anneal.training.internal.noise.CounterGaussians.PAIRS;

/**
 * Noise stream 3: {@link CountedGaussians} with one 64-bit hash per two outputs.
 *
 * <p>Each step has its own Weyl sequence {@code offset + c * gamma} (both keyed by SplitMix64 of seed and
 * step, {@code gamma} odd with many bit changes), and counter {@code c} gives the 64-bit word
 * {@code mix(offset + c * gamma)}, SplitMix64's finaliser: within one step the words are SplitMix64's
 * output for a random increment. Block {@code b} takes the eight words of counters {@code 8b .. 8b + 7},
 * each split into its low and high 32 bits: the sixteen 32-bit words {@code w[0..15]} in that order.
 * Pair {@code j} takes {@code w[j]} for its radius {@code sqrt(-2 ln(m / 2^24))} (m the odd 24-bit integer of
 * its top 24 bits) and {@code w[8 + j]} for its angle (22 bits within a quadrant, the quadrant from the two
 * signs of its outputs). The logarithm, sine and cosine are the polynomials of stream 2 evaluated with
 * fused multiply-adds, and {@code scale} multiplies the radius once per pair: one fixed sequence of IEEE
 * operations in the scalar code here and the vector code of {@link VectorMixGaussians}, so the same bits on
 * every machine.
 */
final class MixGaussians extends CountedGaussians<MixGaussians.Keys> {

    /** Radians per unit of the angle's 23-bit odd integer: a power of two times pi / 2, so exact in float. */
    static final float ANGLE_UNIT = CounterGaussians.TWO_TO_MINUS_23 * CounterGaussians.HALF_PI;
    static final long MIX1 = 0xBF58476D1CE4E5B9L;
    static final long MIX2 = 0x94D049BB133111EBL;

    /** @param vector use {@link VectorMixGaussians} for whole blocks (the JDK's vector module must be there) */
    MixGaussians(boolean vector) {
        super(vector);
    }

    /** Vector code where the JVM has the vector module, else scalar. */
    static MixGaussians best() {
        return new MixGaussians(CounterGaussians.VECTOR_MODULE);
    }

    /** The Weyl sequence of one step. */
    record Keys(long offset, long gamma) {

        static Keys of(long seed, long step) {
            long h = CounterGaussians.mix(CounterGaussians.mix(seed ^ 0x2545F4914F6CDD1DL) ^ step);
            long gamma = CounterGaussians.mix(h ^ 0x9E3779B97F4A7C15L) | 1L;
            // an increment with few runs of equal bits makes neighbouring counters' words alike
            if (Long.bitCount(gamma ^ (gamma >>> 1)) < 24) {
                gamma ^= 0xAAAAAAAAAAAAAAAAL;
            }
            return new Keys(CounterGaussians.mix(h ^ 0xD1B54A32D192ED03L), gamma);
        }
    }

    @Override
    Keys keys(long seed, long step) {
        return Keys.of(seed, step);
    }

    @Override
    void blocks(float[] out, int from, long firstBlock, int blocks, Keys keys, float scale, boolean accumulate) {
        VectorMixGaussians.fill(out, from, firstBlock, blocks, keys, scale, accumulate);
    }

    @Override
    float draw(long index, Keys keys, float scale) {
        return at(index, keys, scale);
    }

    /** {@code scale * z} of element {@code index}, computed as the vector code does. */
    static float at(long index, Keys keys, float scale) {
        long block = index / BLOCK;
        int pair = (int) (index % PAIRS);
        boolean sine = (index % BLOCK) >= PAIRS;
        float radius = CounterGaussians.radius(word(block, pair, keys), true) * scale;
        int angle = word(block, PAIRS + pair, keys);
        float x = (float) (((angle & 0x3FFFFF) << 1) | 1) * ANGLE_UNIT;
        float x2 = x * x;
        if (sine) {
            float p = Math.fma(CounterGaussians.S11, x2, CounterGaussians.S9);
            p = Math.fma(p, x2, CounterGaussians.S7);
            p = Math.fma(p, x2, CounterGaussians.S5);
            p = Math.fma(p, x2, CounterGaussians.S3);
            p = Math.fma(p, x2, 1f);
            return Float.intBitsToFloat(Float.floatToRawIntBits(radius * (x * p)) ^ ((angle << 1) & 0x80000000));
        }
        float p = Math.fma(CounterGaussians.C12, x2, CounterGaussians.C10);
        p = Math.fma(p, x2, CounterGaussians.C8);
        p = Math.fma(p, x2, CounterGaussians.C6);
        p = Math.fma(p, x2, CounterGaussians.C4);
        p = Math.fma(p, x2, CounterGaussians.C2);
        p = Math.fma(p, x2, 1f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(radius * p) ^ (angle & 0x80000000));
    }

    /** 32-bit word {@code w} (0..15) of block {@code block}: low then high half of each of its eight words. */
    static int word(long block, int w, Keys keys) {
        long h = hash(block * PAIRS + w / 2, keys);
        return (w & 1) == 0 ? (int) h : (int) (h >>> 32);
    }

    static long hash(long counter, Keys keys) {
        long z = keys.offset() + counter * keys.gamma();
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }
}
