package io.anneal.training.internal.noise;

/**
 * Noise stream 2: standard normal draws computed from their index alone, so any element of any step is
 * one hash and one Box-Muller transform away, in any order, eight at a time.
 *
 * <p>Elements are laid out in blocks of {@value #BLOCK}: element {@code i} belongs to the pair
 * {@code 8 * (i / 16) + i % 8} and is the cosine (first eight of its block) or sine (last eight) output
 * of that pair. A pair {@code p} of step {@code t} takes two 32-bit words, each two rounds of the
 * {@code triple32} integer hash of {@code p} keyed by SplitMix64 of (seed, step): the first makes the
 * odd 24-bit integer {@code m}, the radius {@code r = sqrt(-2 ln(m / 2^24))}; the second makes the angle
 * within a quadrant from 22 bits and the quadrant from the two signs of the outputs. The logarithm, sine
 * and cosine are polynomials (errors below 1e-7), evaluated in float with one fixed sequence of IEEE
 * additions, multiplications, divisions and square roots, so the scalar code here and the vector code of
 * {@link VectorGaussians} give the same bits on every machine.
 */
final class CounterGaussians extends CountedGaussians<CounterGaussians.Keys> {

    /** Elements per block: eight pairs, cosine outputs first. */
    static final int BLOCK = 16;
    static final int PAIRS = 8;
    static final float TWO_TO_MINUS_24 = 0x1p-24f;
    static final float TWO_TO_MINUS_23 = 0x1p-23f;
    static final float SQRT2 = 1.41421356f;
    static final float LN2 = 0.693147181f;
    static final float HALF_PI = 1.57079633f;
    // ln(m) = 2 s (1 + z/3 + z^2/5 + z^3/7 + z^4/9), s = (m - 1) / (m + 1), z = s^2, |s| < 0.172
    static final float L3 = 1f / 3, L5 = 1f / 5, L7 = 1f / 7, L9 = 1f / 9;
    // Taylor series of sine and cosine on [0, pi/2)
    static final float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880, S11 = -1f / 39916800;
    static final float C2 = -1f / 2, C4 = 1f / 24, C6 = -1f / 720, C8 = 1f / 40320, C10 = -1f / 3628800,
            C12 = 1f / 479001600;

    /** @param vector use {@link VectorGaussians} for whole blocks (the JDK's vector module must be there) */
    CounterGaussians(boolean vector) {
        super(vector);
    }

    /** Whether the JVM runs with {@code --add-modules jdk.incubator.vector}. */
    static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Vector code where the JVM has the vector module, else scalar. */
    static CounterGaussians best() {
        return new CounterGaussians(VECTOR_MODULE);
    }

    /** The four 32-bit keys of one step. */
    record Keys(int k1, int k2, int k3, int k4) {

        static Keys of(long seed, long step) {
            long h = mix(mix(seed ^ 0x9E3779B97F4A7C15L) ^ step);
            long g = mix(h ^ 0x632BE59BD9B4E019L);
            return new Keys((int) h, (int) (h >>> 32), (int) g, (int) (g >>> 32));
        }
    }

    @Override
    Keys keys(long seed, long step) {
        return Keys.of(seed, step);
    }

    @Override
    void blocks(float[] out, int from, long firstBlock, int blocks, Keys keys, float scale, boolean accumulate) {
        VectorGaussians.fill(out, from, firstBlock, blocks, keys, scale, accumulate);
    }

    @Override
    float draw(long index, Keys keys, float scale) {
        return scale * at(index, keys);
    }

    /** The standard normal draw of element {@code index}. */
    static float at(long index, Keys keys) {
        int pair = (int) (((index / BLOCK) * PAIRS) + (index % PAIRS));
        boolean sine = (index % BLOCK) >= PAIRS;
        int h1 = triple32(triple32(pair + keys.k1()) ^ keys.k2());
        int h2 = triple32(triple32(pair + keys.k3()) ^ keys.k4());
        float radius = radius(h1, false);
        float x = (float) (((h2 & 0x3FFFFF) << 1) | 1) * TWO_TO_MINUS_23 * HALF_PI;
        float x2 = x * x;
        float z;
        int sign;
        if (sine) {
            float p = S11;
            p = p * x2 + S9;
            p = p * x2 + S7;
            p = p * x2 + S5;
            p = p * x2 + S3;
            p = p * x2 + 1f;
            z = radius * (x * p);
            sign = (h2 << 1) & 0x80000000;
        } else {
            float p = C12;
            p = p * x2 + C10;
            p = p * x2 + C8;
            p = p * x2 + C6;
            p = p * x2 + C4;
            p = p * x2 + C2;
            p = p * x2 + 1f;
            z = radius * p;
            sign = h2 & 0x80000000;
        }
        return Float.intBitsToFloat(Float.floatToRawIntBits(z) ^ sign);
    }

    /**
     * {@code sqrt(-2 ln u)} of the uniform {@code u = m / 2^24} made of the hash word {@code h}; with
     * {@code fused}, its polynomial is evaluated with fused multiply-adds (stream 3), else with separate
     * multiplications and additions (stream 2).
     */
    static float radius(int h, boolean fused) {
        float u = (float) ((h >>> 8) | 1) * TWO_TO_MINUS_24;
        int bits = Float.floatToRawIntBits(u);
        int exponent = (bits >>> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x7FFFFF) | 0x3F800000);
        if (m > SQRT2) {
            m = m * 0.5f;
            exponent = exponent + 1;
        }
        float f = m - 1f;
        float s = f / (f + 2f);
        float z = s * s;
        float ln;
        if (fused) {
            float p = Math.fma(Math.fma(Math.fma(Math.fma(L9, z, L7), z, L5), z, L3), z, 1f);
            ln = Math.fma((float) exponent, LN2, (s + s) * p);
        } else {
            float p = L9;
            p = p * z + L7;
            p = p * z + L5;
            p = p * z + L3;
            p = p * z + 1f;
            ln = (float) exponent * LN2 + (s + s) * p;
        }
        return (float) Math.sqrt(ln * -2f);
    }

    /** Chris Wellons' triple32: a bijection of 32-bit integers with very low bias. */
    static int triple32(int x) {
        x ^= x >>> 17;
        x *= 0xED5AD4BB;
        x ^= x >>> 11;
        x *= 0xAC4C1B51;
        x ^= x >>> 15;
        x *= 0x31848BAB;
        x ^= x >>> 14;
        return x;
    }

    /** The finaliser of SplitMix64. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
