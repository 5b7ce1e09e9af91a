package io.anneal.training.internal.noise;

import static io.anneal.training.internal.noise.CounterGaussians.BLOCK;
import static io.anneal.training.internal.noise.CounterGaussians.PAIRS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CounterGaussians} eight pairs at a time with the JDK's Vector API: the same operations in the
 * same order on each lane as the scalar code, so the same bits. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module.
 */
final class VectorGaussians {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final IntVector LANES = IntVector.zero(INTS).addIndex(1);

    private VectorGaussians() {
    }

    /** Blocks done per stage: the scratch of one batch stays in the first-level cache. */
    private static final int BATCH = 64;

    /**
     * Writes (or adds) {@code scale * z} of the elements of {@code blocks} whole blocks, the first being
     * block {@code firstBlock}, at {@code out[from ..]}. Four small loops per batch (two hashes, radii,
     * outputs), each its own method taking arrays: the compiler inlines every vector operation of one
     * loop, where a single large loop body would exceed its inlining budget and box the vectors that
     * cross a call.
     */
    static void fill(float[] out, int from, long firstBlock, int blocks, CounterGaussians.Keys keys, float scale,
            boolean accumulate) {
        int[] angles = new int[BATCH * PAIRS];
        int[] radiusWords = new int[BATCH * PAIRS];
        float[] radii = new float[BATCH * PAIRS];
        for (int done = 0; done < blocks; done += BATCH) {
            int batch = Math.min(BATCH, blocks - done);
            hashes(firstBlock + done, batch, keys.k1(), keys.k2(), radiusWords);
            hashes(firstBlock + done, batch, keys.k3(), keys.k4(), angles);
            radii(batch, radiusWords, 1f, false, radii);
            outputs(batch, angles, radii, scale, out, from + done * BLOCK, accumulate);
        }
    }

    private static void hashes(long firstBlock, int blocks, int k1, int k2, int[] words) {
        for (int b = 0; b < blocks; b++) {
            // triple32(triple32(pair + k1) ^ k2), written out: a call here would not be inlined
            IntVector x = LANES.add((int) ((firstBlock + b) * PAIRS)).add(k1);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 17)).mul(0xED5AD4BB);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 11)).mul(0xAC4C1B51);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x31848BAB);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 14)).lanewise(VectorOperators.XOR, k2);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 17)).mul(0xED5AD4BB);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 11)).mul(0xAC4C1B51);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x31848BAB);
            x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 14)).intoArray(words, b * PAIRS);
        }
    }

    /**
     * {@code scale * sqrt(-2 ln u)} of the uniforms {@code u = m / 2^24} the words make, as
     * {@link CounterGaussians#radius} computes one, with fused multiply-adds or without.
     */
    static void radii(int blocks, int[] words, float scale, boolean fused, float[] radii) {
        FloatVector l9 = FloatVector.broadcast(FLOATS, CounterGaussians.L9);
        FloatVector l7 = FloatVector.broadcast(FLOATS, CounterGaussians.L7);
        FloatVector l5 = FloatVector.broadcast(FLOATS, CounterGaussians.L5);
        FloatVector l3 = FloatVector.broadcast(FLOATS, CounterGaussians.L3);
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        FloatVector ln2 = FloatVector.broadcast(FLOATS, CounterGaussians.LN2);
        for (int b = 0; b < blocks; b++) {
            IntVector h = IntVector.fromArray(INTS, words, b * PAIRS);
            FloatVector u = ((FloatVector) h.lanewise(VectorOperators.LSHR, 8).or(1).convert(VectorOperators.I2F, 0))
                    .mul(CounterGaussians.TWO_TO_MINUS_24);
            IntVector bits = u.reinterpretAsInts();
            IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).sub(127);
            FloatVector m = bits.and(0x7FFFFF).or(0x3F800000).reinterpretAsFloats();
            VectorMask<Float> above = m.compare(VectorOperators.GT, CounterGaussians.SQRT2);
            m = m.blend(m.mul(0.5f), above);
            exponent = exponent.blend(exponent.add(1), above.cast(INTS));
            FloatVector f = m.sub(1f);
            FloatVector s = f.div(f.add(2f));
            FloatVector z = s.mul(s);
            FloatVector e = (FloatVector) exponent.convert(VectorOperators.I2F, 0);
            FloatVector ln;
            if (fused) {
                FloatVector p = l9.fma(z, l7).fma(z, l5).fma(z, l3).fma(z, one);
                ln = e.fma(ln2, s.add(s).mul(p));
            } else {
                FloatVector p = l9.mul(z).add(l7).mul(z).add(l5).mul(z).add(l3).mul(z).add(one);
                ln = e.mul(ln2).add(s.add(s).mul(p));
            }
            ln.mul(-2f).sqrt().mul(scale).intoArray(radii, b * PAIRS);
        }
    }

    /** Per block, the cosine outputs of its eight pairs, then their sine outputs, scaled. */
    private static void outputs(int blocks, int[] angles, float[] radii, float scale, float[] out, int from,
            boolean accumulate) {
        for (int b = 0; b < blocks; b++) {
            IntVector h2 = IntVector.fromArray(INTS, angles, b * PAIRS);
            FloatVector radius = FloatVector.fromArray(FLOATS, radii, b * PAIRS);
            FloatVector x = ((FloatVector) h2.and(0x3FFFFF).lanewise(VectorOperators.LSHL, 1).or(1)
                    .convert(VectorOperators.I2F, 0)).mul(CounterGaussians.TWO_TO_MINUS_23)
                    .mul(CounterGaussians.HALF_PI);
            FloatVector x2 = x.mul(x);
            FloatVector c = FloatVector.broadcast(FLOATS, CounterGaussians.C12);
            c = c.mul(x2).add(CounterGaussians.C10);
            c = c.mul(x2).add(CounterGaussians.C8);
            c = c.mul(x2).add(CounterGaussians.C6);
            c = c.mul(x2).add(CounterGaussians.C4);
            c = c.mul(x2).add(CounterGaussians.C2);
            c = c.mul(x2).add(1f);
            FloatVector s = FloatVector.broadcast(FLOATS, CounterGaussians.S11);
            s = s.mul(x2).add(CounterGaussians.S9);
            s = s.mul(x2).add(CounterGaussians.S7);
            s = s.mul(x2).add(CounterGaussians.S5);
            s = s.mul(x2).add(CounterGaussians.S3);
            s = s.mul(x2).add(1f);
            FloatVector cosine = radius.mul(c).reinterpretAsInts().lanewise(VectorOperators.XOR, h2.and(0x80000000))
                    .reinterpretAsFloats().mul(scale);
            FloatVector sine = radius.mul(x.mul(s)).reinterpretAsInts().lanewise(VectorOperators.XOR,
                    h2.lanewise(VectorOperators.LSHL, 1).and(0x80000000)).reinterpretAsFloats().mul(scale);
            int o = from + b * BLOCK;
            if (accumulate) {
                cosine = FloatVector.fromArray(FLOATS, out, o).add(cosine);
                sine = FloatVector.fromArray(FLOATS, out, o + PAIRS).add(sine);
            }
            cosine.intoArray(out, o);
            sine.intoArray(out, o + PAIRS);
        }
    }
}
