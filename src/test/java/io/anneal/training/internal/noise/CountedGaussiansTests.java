package io.anneal.training.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Noise streams 2 and 3 at sizes that catch a broken generator: ten million draws for the moments and the
 * tails, a million for the Kolmogorov-Smirnov distance to N(0, 1) and for the correlations between
 * steps, seeds, neighbours, the two outputs of one Box-Muller pair and their squares. Every bound is a
 * 99.99 % one (about four standard errors), so a correct generator fails one about once in ten thousand
 * runs, and the draws are a pure function of their index, so it never will: the same numbers every run.
 */
class CountedGaussiansTests {

    private static final double Z = 3.9;

    /** One stream: its vector and scalar code, and the scalar formula for one element. */
    record Stream(int number, CountedGaussians vector, CountedGaussians scalar, Element element) {

        interface Element {
            float at(long index, long seed, long step, float scale);
        }

        @Override
        public String toString() {
            return "stream " + number;
        }
    }

    static java.util.stream.Stream<Stream> streams() {
        return java.util.stream.Stream.of(
                new Stream(GaussianNoiseSource.COUNTER_STREAM, new CounterGaussians(true), new CounterGaussians(false),
                        (index, seed, step, scale) -> scale * CounterGaussians.at(index, CounterGaussians.Keys.of(seed, step))),
                new Stream(GaussianNoiseSource.MIX_STREAM, new MixGaussians(true), new MixGaussians(false),
                        (index, seed, step, scale) -> MixGaussians.at(index, MixGaussians.Keys.of(seed, step), scale)));
    }

    @Test
    void theBuildRunsTestsWithTheVectorModuleSoBothPathsAreCompared() {
        assertThat(CounterGaussians.VECTOR_MODULE).as("surefire's --add-modules=jdk.incubator.vector").isTrue();
        assertThat(CounterGaussians.best().vectorised()).isTrue();
        assertThat(MixGaussians.best().vectorised()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("streams")
    void vectorAndScalarCodeGiveTheSameBitsForAnyRangeWrittenOrAdded(Stream stream) {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            long first = random.nextInt(1 << 20);
            int count = random.nextInt(trial < 100 ? 40 : 5_000);
            long seed = random.nextLong();
            long step = random.nextInt(100_000);
            float scale = (float) Math.exp(random.nextGaussian());
            boolean accumulate = random.nextBoolean();
            float[] start = new float[count + 3];
            for (int i = 0; i < start.length; i++) {
                start[i] = (float) random.nextGaussian();
            }
            float[] byVector = start.clone();
            float[] byScalar = start.clone();
            stream.vector().fill(byVector, 2, count, first, seed, step, scale, accumulate);
            stream.scalar().fill(byScalar, 2, count, first, seed, step, scale, accumulate);
            assertThat(bits(byVector)).as("first %d, count %d, accumulate %s", first, count, accumulate)
                    .containsExactly(bits(byScalar));
            assertThat(byVector[0]).isEqualTo(start[0]);
            assertThat(byVector[count + 2]).isEqualTo(start[count + 2]);
            for (int i = 0; i < Math.min(count, 20); i++) {
                float z = stream.element().at(first + i, seed, step, scale);
                assertThat(byScalar[2 + i]).isEqualTo(accumulate ? start[2 + i] + z : z);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("streams")
    void tenMillionDrawsHaveTheMomentsAndTailsOfTheStandardNormal(Stream stream) {
        int n = 10_000_000;
        float[] z = draws(stream, 5, 42, 0, n);
        double sum = 0;
        double squares = 0;
        double cubes = 0;
        double fourths = 0;
        long beyond3 = 0;
        long beyond4 = 0;
        for (float value : z) {
            double x = value;
            sum += x;
            squares += x * x;
            cubes += x * x * x;
            fourths += x * x * x * x;
            beyond3 += Math.abs(x) > 3 ? 1 : 0;
            beyond4 += Math.abs(x) > 4 ? 1 : 0;
        }
        assertThat(sum / n).as("mean").isBetween(-Z / Math.sqrt(n), Z / Math.sqrt(n));
        assertThat(squares / n).as("variance").isBetween(1 - Z * Math.sqrt(2.0 / n), 1 + Z * Math.sqrt(2.0 / n));
        assertThat(cubes / n).as("skewness").isBetween(-Z * Math.sqrt(15.0 / n), Z * Math.sqrt(15.0 / n));
        assertThat(fourths / n).as("kurtosis").isBetween(3 - Z * Math.sqrt(96.0 / n), 3 + Z * Math.sqrt(96.0 / n));
        assertTailCount(beyond3, n, 2 * (1 - phi(3)));
        assertTailCount(beyond4, n, 2 * (1 - phi(4)));
    }

    @ParameterizedTest
    @MethodSource("streams")
    void aMillionDrawsAreWithinTheKolmogorovSmirnovBoundOfTheStandardNormal(Stream stream) {
        int n = 1_000_000;
        float[] z = draws(stream, 9, 7, 123_457, n);
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = z[i];
        }
        Arrays.sort(sorted);
        double distance = 0;
        for (int i = 0; i < n; i++) {
            double f = phi(sorted[i]);
            distance = Math.max(distance, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        // the 0.9999 quantile of the Kolmogorov distribution is 2.08
        assertThat(distance).as("Kolmogorov-Smirnov distance").isLessThan(2.08 / Math.sqrt(n));
    }

    @ParameterizedTest
    @MethodSource("streams")
    void drawsOfNeighbouringStepsSeedsElementsAndBothOutputsOfAPairAreUncorrelated(Stream stream) {
        int n = 1_000_000;
        float[] step = draws(stream, 3, 1_000, 0, n);
        double bound = Z / Math.sqrt(n);
        assertThat(correlation(step, 0, draws(stream, 3, 1_001, 0, n), 0, n)).as("next step").isBetween(-bound, bound);
        assertThat(correlation(step, 0, draws(stream, 4, 1_000, 0, n), 0, n)).as("next seed").isBetween(-bound, bound);
        assertThat(correlation(step, 0, draws(stream, 3, 1_000, n, n), 0, n)).as("the next block of parameters")
                .isBetween(-bound, bound);
        for (int lag : new int[] {1, 2, 7, 8, 9, 16, 4096}) {
            assertThat(correlation(step, 0, step, lag, n - lag)).as("lag %d", lag).isBetween(-bound, bound);
        }
        int pairs = n / 2;
        float[] cosine = new float[pairs];
        float[] sine = new float[pairs];
        for (int i = 0; i < pairs; i++) {
            int block = i / CounterGaussians.PAIRS;
            int lane = i % CounterGaussians.PAIRS;
            cosine[i] = step[block * CounterGaussians.BLOCK + lane];
            sine[i] = step[block * CounterGaussians.BLOCK + CounterGaussians.PAIRS + lane];
        }
        double pairBound = Z / Math.sqrt(pairs);
        assertThat(correlation(cosine, 0, sine, 0, pairs)).as("the two outputs of one pair")
                .isBetween(-pairBound, pairBound);
        // independent, not only uncorrelated: z0^2 and z1^2 share the radius and would correlate if the
        // angle were not uniform
        assertThat(correlation(squares(cosine), 0, squares(sine), 0, pairs)).as("their squares")
                .isBetween(-pairBound, pairBound);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void theNoiseSourceDrawsTheNumberedStreamAcrossChunks(Stream stream) {
        FloatBuffer out = FloatBuffer.allocate(10_000);
        new GaussianNoiseSource(77, stream.number()).fill(out, 12, 1_003, 0.5, false);
        for (int i : new int[] {0, 1, 4095, 4096, 4097, 9_999}) {
            assertThat(out.get(i)).isEqualTo(stream.element().at(1_003 + i, 77, 12, 0.5f));
        }
        FloatBuffer legacy = FloatBuffer.allocate(3);
        new GaussianNoiseSource(77, GaussianNoiseSource.LEGACY_STREAM).fill(legacy, 12, 1_003, 0.5, false);
        assertThat(legacy.get(0)).isNotEqualTo(out.get(0));
    }

    @Test
    void streamsTwoAndThreeDrawDifferentNumbers() {
        float[] two = draws(streams().toList().get(0), 5, 3, 0, 1_000);
        float[] three = draws(streams().toList().get(1), 5, 3, 0, 1_000);
        assertThat(correlation(two, 0, three, 0, 1_000)).isBetween(-0.15, 0.15);
    }

    @Test
    void aConfigurationSavedBeforeStreamsWereNumberedKeepsDrawingStreamOne() {
        GradientNoise current = GradientNoise.around(new Sgd(0.1), 0.01, 5);
        assertThat(current.noiseStream()).isEqualTo(GaussianNoiseSource.CURRENT_STREAM).isEqualTo(3);
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().updater(current).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).build()).build();
        String json = configuration.toJson();
        assertThat(json).contains("\"noiseStream\" : 3");
        GradientNoise saved = (GradientNoise) MultiLayerConfiguration.fromJson(json).getConf(0).getLayer()
                .getUpdaterByParam("W");
        assertThat(saved.noiseStream()).isEqualTo(3);
        GradientNoise streamTwo = (GradientNoise) MultiLayerConfiguration.fromJson(
                json.replace("\"noiseStream\" : 3", "\"noiseStream\" : 2")).getConf(0).getLayer().getUpdaterByParam("W");
        assertThat(streamTwo.noiseStream()).as("a run begun on stream 2 keeps it").isEqualTo(2);
        GradientNoise old = (GradientNoise) MultiLayerConfiguration.fromJson(json.replace(",\n  \"noiseStream\" : 3", "")
                .replace("\"noiseStream\" : 3,", "")).getConf(0).getLayer().getUpdaterByParam("W");
        assertThat(old.noiseStream()).isEqualTo(GaussianNoiseSource.LEGACY_STREAM);
    }

    private static float[] draws(Stream stream, long seed, long step, long first, int n) {
        float[] out = new float[n];
        stream.vector().fill(out, 0, n, first, seed, step, 1f, false);
        return out;
    }

    private static float[] squares(float[] values) {
        float[] squares = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            squares[i] = values[i] * values[i];
        }
        return squares;
    }

    private static double correlation(float[] a, int fromA, float[] b, int fromB, int n) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++) {
            double x = a[fromA + i];
            double y = b[fromB + i];
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        double cov = sab / n - (sa / n) * (sb / n);
        return cov / Math.sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
    }

    private static void assertTailCount(long count, int n, double p) {
        double expected = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).as("draws beyond, expected %.1f", expected)
                .isBetween(expected - Z * sd, expected + Z * sd);
    }

    /** The standard normal distribution function, from erfc with relative error below 1.2e-7. */
    static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
