package io.anneal.training.internal.noise;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Nanoseconds per Gaussian of each generator, on one thread, for the noise of one update of the paper's
 * network (88,070 parameters): {@code java.util.Random.nextGaussian}, noise stream 1 (SplittableRandom per
 * chunk of 4,096), and noise streams 2 and 3 scalar and vectorised (eight lanes). Rounds interleave them so
 * drift affects all alike; the median of the rounds is printed.
 * {@code ./mvnw -Pbench test-compile exec:exec -Dbench.main=io.anneal.training.internal.noise.NoiseGeneratorBenchmark}
 */
public final class NoiseGeneratorBenchmark {

    private static final int PARAMETERS = 88_070;
    private static final int ROUNDS = 25;
    private static final int STEPS_PER_ROUND = 200;

    private NoiseGeneratorBenchmark() {
    }

    public static void main(String[] args) {
        FloatBuffer buffer = FloatBuffer.allocate(PARAMETERS);
        float[] array = new float[PARAMETERS];
        Random random = new Random(1);
        GaussianNoiseSource legacy = new GaussianNoiseSource(7, GaussianNoiseSource.LEGACY_STREAM);
        CountedGaussians[] counted = {new CounterGaussians(false), CounterGaussians.best(), new MixGaussians(false),
            MixGaussians.best()};
        String how = counted[1].vectorised() ? "vector" : "scalar (no vector module)";
        String[] names = {"java.util.Random.nextGaussian", "stream 1: SplittableRandom per chunk",
            "stream 2: counter, scalar", "stream 2: counter, " + how, "stream 3: 64-bit mix, scalar",
            "stream 3: 64-bit mix, " + how};
        double[][] nanos = new double[names.length][ROUNDS];
        float sink = 0;
        for (int round = -3; round < ROUNDS; round++) {
            for (int variant = 0; variant < names.length; variant++) {
                long start = System.nanoTime();
                for (int step = 0; step < STEPS_PER_ROUND; step++) {
                    long t = (long) (round + 3) * STEPS_PER_ROUND + step;
                    switch (variant) {
                        case 0 -> {
                            for (int i = 0; i < PARAMETERS; i++) {
                                array[i] = (float) (0.01 * random.nextGaussian());
                            }
                        }
                        case 1 -> legacy.fill(buffer.clear(), t, 0, 0.01, false);
                        default -> counted[variant - 2].fill(array, 0, PARAMETERS, 0, 7, t, 0.01f, false);
                    }
                    sink += variant == 1 ? buffer.get(step) : array[step];
                }
                if (round >= 0) {
                    nanos[variant][round] = (System.nanoTime() - start) / (double) STEPS_PER_ROUND / PARAMETERS;
                }
            }
        }
        System.out.printf("%nGaussians for %,d parameters, %d rounds of %d updates, one thread (checksum %.3f)%n",
                PARAMETERS, ROUNDS, STEPS_PER_ROUND, sink);
        System.out.printf("%-48s %14s %14s%n", "generator", "ns / Gaussian", "ms / update");
        for (int variant = 0; variant < names.length; variant++) {
            double median = median(nanos[variant]);
            System.out.printf("%-48s %14.3f %14.3f%n", names[variant], median, median * PARAMETERS / 1e6);
        }
        System.out.printf("stream 1 / stream 2 (%s): %.1fx; stream 2 / stream 3: %.2fx; Random / stream 3: %.1fx%n",
                how, median(nanos[1]) / median(nanos[3]), median(nanos[3]) / median(nanos[5]),
                median(nanos[0]) / median(nanos[5]));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
