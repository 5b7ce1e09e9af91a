package io.anneal.training.internal.noise;

import static io.anneal.training.internal.noise.CounterGaussians.BLOCK;
import static io.anneal.training.internal.noise.CounterGaussians.PAIRS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MixGaussians} a block at a time with the JDK's Vector API: four 64-bit words per long vector, read
 * as eight 32-bit words (low half first, as {@link MixGaussians#word} numbers them), so the radius words of a
 * block are one vector and its angle words the next, with no shuffling; radii as stream 2's
 * ({@link VectorGaussians#radii}) with fused multiply-adds. The same operations in the same order on each lane as
 * the scalar code, so the same bits. Loaded only when the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorMixGaussians {

    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final LongVector COUNTERS = LongVector.zero(LONGS).addIndex(1);
    /** Blocks done per stage: the scratch of one batch stays in the first-level cache. */
    private static final int BATCH = 64;

    private VectorMixGaussians() {
    }

    /** One batch's words and radii, kept per thread: allocating them per call costs a tenth of the drawing. */
    private static final class Scratch {
        final int[] radiusWords = new int[BATCH * PAIRS];
        final int[] angleWords = new int[BATCH * PAIRS];
        final float[] radii = new float[BATCH * PAIRS];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Writes (or adds) {@code scale * z} of the elements of {@code blocks} whole blocks, the first being
     * block {@code firstBlock}, at {@code out[from ..]}. Three small loops per batch (words, radii, outputs),
     * each its own method taking arrays: the compiler inlines every vector operation of one loop, where a
     * single large loop body would exceed its inlining budget and box the vectors that cross a call.
     */
    static void fill(float[] out, int from, long firstBlock, int blocks, MixGaussians.Keys keys, float scale,
            boolean accumulate) {
        Scratch scratch = SCRATCH.get();
        int[] radiusWords = scratch.radiusWords;
        int[] angleWords = scratch.angleWords;
        float[] radii = scratch.radii;
        for (int done = 0; done < blocks; done += BATCH) {
            int batch = Math.min(BATCH, blocks - done);
            words(firstBlock + done, batch, keys.offset(), keys.gamma(), radiusWords, angleWords);
            VectorGaussians.radii(batch, radiusWords, scale, true, radii);
            outputs(batch, angleWords, radii, out, from + done * BLOCK, accumulate);
        }
    }

    private static void words(long firstBlock, int blocks, long offset, long gamma, int[] radiusWords,
            int[] angleWords) {
        LongVector steps = COUNTERS.mul(gamma);
        long half = 4 * gamma;
        for (int b = 0; b < blocks; b++) {
            long start = offset + (firstBlock + b) * PAIRS * gamma;
            // counters 8b .. 8b + 3 give the radius words, 8b + 4 .. 8b + 7 the angle words
            LongVector z = steps.add(start);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MixGaussians.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MixGaussians.MIX2);
            z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).reinterpretAsInts()
                    .intoArray(radiusWords, b * PAIRS);
            z = steps.add(start + half);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MixGaussians.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MixGaussians.MIX2);
            z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31)).reinterpretAsInts()
                    .intoArray(angleWords, b * PAIRS);
        }
    }

    /**
     * Per block, the cosine outputs of its eight pairs, then their sine outputs (the radii carry the scale).
     * Apart from stream 2's {@code outputs}: one method for both compiles both polynomials into its loop
     * once both streams have run, and then draws 12 % slower.
     */
    private static void outputs(int blocks, int[] angles, float[] radii, float[] out, int from, boolean accumulate) {
        FloatVector c12 = FloatVector.broadcast(FLOATS, CounterGaussians.C12);
        FloatVector c10 = FloatVector.broadcast(FLOATS, CounterGaussians.C10);
        FloatVector c8 = FloatVector.broadcast(FLOATS, CounterGaussians.C8);
        FloatVector c6 = FloatVector.broadcast(FLOATS, CounterGaussians.C6);
        FloatVector c4 = FloatVector.broadcast(FLOATS, CounterGaussians.C4);
        FloatVector c2 = FloatVector.broadcast(FLOATS, CounterGaussians.C2);
        FloatVector s11 = FloatVector.broadcast(FLOATS, CounterGaussians.S11);
        FloatVector s9 = FloatVector.broadcast(FLOATS, CounterGaussians.S9);
        FloatVector s7 = FloatVector.broadcast(FLOATS, CounterGaussians.S7);
        FloatVector s5 = FloatVector.broadcast(FLOATS, CounterGaussians.S5);
        FloatVector s3 = FloatVector.broadcast(FLOATS, CounterGaussians.S3);
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int b = 0; b < blocks; b++) {
            IntVector angle = IntVector.fromArray(INTS, angles, b * PAIRS);
            FloatVector radius = FloatVector.fromArray(FLOATS, radii, b * PAIRS);
            FloatVector x = ((FloatVector) angle.and(0x3FFFFF).lanewise(VectorOperators.LSHL, 1).or(1)
                    .convert(VectorOperators.I2F, 0)).mul(MixGaussians.ANGLE_UNIT);
            FloatVector x2 = x.mul(x);
            FloatVector c = c12.fma(x2, c10).fma(x2, c8).fma(x2, c6).fma(x2, c4).fma(x2, c2).fma(x2, one);
            FloatVector s = s11.fma(x2, s9).fma(x2, s7).fma(x2, s5).fma(x2, s3).fma(x2, one);
            FloatVector cosine = radius.mul(c).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, angle.and(0x80000000)).reinterpretAsFloats();
            FloatVector sine = radius.mul(x.mul(s)).reinterpretAsInts()
                    .lanewise(VectorOperators.XOR, angle.lanewise(VectorOperators.LSHL, 1).and(0x80000000))
                    .reinterpretAsFloats();
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
