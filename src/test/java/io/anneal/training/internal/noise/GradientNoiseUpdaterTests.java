package io.anneal.training.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.training.internal.HostWrites;
import io.anneal.training.internal.RecordingAffinity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

class GradientNoiseUpdaterTests {

    private static final int ELEMENTS = 200_000;

    static Stream<IUpdater> baseUpdaters() {
        return Stream.of(new Sgd(0.1), new Nesterovs(0.1, 0.9), new Adam(1e-3), new AdaGrad(0.1),
                new RmsProp(1e-3), new AdaDelta(), new AdaMax(1e-3), new Nadam(1e-3), new AMSGrad(1e-3));
    }

    @ParameterizedTest
    @MethodSource("baseUpdaters")
    void withZeroEtaEveryUpdateIsBitwiseThatOfTheBareBaseUpdater(IUpdater base) {
        GradientNoise silent = GradientNoise.around(base.clone(), 0.0, 42);
        GradientUpdater<?> bare = instantiate(base.clone(), 1000);
        GradientUpdater<?> wrapped = instantiate(silent, 1000);
        for (int iteration = 0; iteration < 5; iteration++) {
            INDArray gradient = Nd4j.rand(DataType.FLOAT, 1, 1000).subi(0.5);
            INDArray expected = gradient.dup();
            INDArray actual = gradient.dup();
            bare.applyUpdater(expected, iteration, 0);
            wrapped.applyUpdater(actual, iteration, 0);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 1000})
    void theAddedNoiseHasMeanZeroAndVarianceEtaOverOnePlusTToTheGamma(int step) {
        double eta = 0.3;
        INDArray noise = noiseAt(GradientNoise.around(new Sgd(1.0), eta, 7), step);
        NoiseStatistics.assertGaussian(noise, eta / Math.pow(1 + step, 0.55));
    }

    @Test
    void etaIsTheVarianceNotTheStandardDeviation() {
        GradientNoise noise = GradientNoise.around(new Sgd(1.0), 0.01, 1);
        assertThat(noise.standardDeviationAt(0)).isEqualTo(0.1);
        assertThat(noise.standardDeviationAt(100)).isCloseTo(0.028, org.assertj.core.data.Offset.offset(5e-4));
        assertThat(noise.standardDeviationAt(10_000)).isCloseTo(0.0079, org.assertj.core.data.Offset.offset(5e-5));
    }

    @Test
    void aConstantScheduleKeepsVarianceEtaAtEveryStep() {
        GradientNoise constant = new GradientNoise(new Sgd(1.0), 0.5, 0.55, 3, NoiseSchedule.CONSTANT,
                NoiseCorrelation.INDEPENDENT, null, true);
        NoiseStatistics.assertGaussian(noiseAt(constant, 1000), 0.5);
    }

    @Test
    void noNoiseIsAddedAfterStopAfterStep() {
        GradientNoise stopping = new GradientNoise(new Sgd(1.0), 0.5, 0.55, 3, NoiseSchedule.POLYNOMIAL,
                NoiseCorrelation.INDEPENDENT, 10L, true);
        NoiseStatistics.assertGaussian(noiseAt(stopping, 10), 0.5 / Math.pow(11, 0.55));
        assertThat(noiseAt(stopping, 11).amaxNumber().doubleValue()).isZero();
    }

    @Test
    void theSameSeedDrawsTheSameNoiseAndAnotherSeedOtherNoise() {
        INDArray first = noiseAt(GradientNoise.around(new Sgd(1.0), 1.0, 11), 5);
        INDArray again = noiseAt(GradientNoise.around(new Sgd(1.0), 1.0, 11), 5);
        INDArray other = noiseAt(GradientNoise.around(new Sgd(1.0), 1.0, 12), 5);
        assertThat(again).isEqualTo(first);
        assertThat(correlation(first, other)).isBetween(-0.02, 0.02);
    }

    @Test
    void twoBlocksOfEqualLengthNeverShareNoise() {
        INDArray flat = Nd4j.zeros(DataType.FLOAT, 2 * ELEMENTS / 2);
        INDArray firstBlock = flat.get(NDArrayIndex.interval(0, ELEMENTS / 2));
        INDArray secondBlock = flat.get(NDArrayIndex.interval(ELEMENTS / 2, ELEMENTS));
        GradientNoise config = GradientNoise.around(new Sgd(1.0), 1.0, 5);
        config.instantiate((INDArray) null, false).applyUpdater(firstBlock, 3, 0);
        config.instantiate((INDArray) null, false).applyUpdater(secondBlock, 3, 0);
        assertThat(correlation(firstBlock.dup(), secondBlock.dup())).isBetween(-0.02, 0.02);
    }

    @Test
    void prefetchedNoiseIsBitIdenticalToNoiseDrawnOnTheTrainingThread() {
        GradientNoise config = GradientNoise.around(new Sgd(1.0), 1.0, 9);
        List<INDArray> prefetched;
        try (NoisePrefetch pool = NoisePrefetch.pooled(2)) {
            prefetched = sequence(config, 6, pool);
        }
        List<INDArray> synchronous = sequence(config, 6, NoisePrefetch.INLINE);
        for (int step = 0; step < 6; step++) {
            assertThat(bits(prefetched.get(step))).as("step %d", step).isEqualTo(bits(synchronous.get(step)));
        }
    }

    static Stream<Arguments> streamsAndCorrelations() {
        return Stream.of(1, 2, 3).flatMap(stream -> Stream.of(NoiseCorrelation.values())
                .map(correlation -> Arguments.of(stream, correlation)));
    }

    /**
     * In place, each step's noise is drawn onto the gradient itself; it must give the very sums that adding
     * separately drawn noise gives, on a gradient that is not zero (so the order of additions shows) and on
     * blocks that are views at an offset into a larger gradient.
     */
    @ParameterizedTest
    @MethodSource("streamsAndCorrelations")
    void noiseDrawnInPlaceGivesTheSameBitsAsNoiseDrawnIntoItsOwnArray(int stream, NoiseCorrelation correlation) {
        GradientNoise config = new GradientNoise(new Sgd(1.0), 0.7, 0.55, 13, NoiseSchedule.POLYNOMIAL, correlation,
                null, true, stream);
        int length = 10_007;
        INDArray start = Nd4j.rand(DataType.FLOAT, 1, 3 * length).subi(0.5);
        INDArray inPlace = start.dup();
        INDArray separate = start.dup();
        INDArray prefetched = start.dup();
        try (NoisePrefetch pool = NoisePrefetch.pooled(1)) {
            for (int block = 1; block < 3; block++) {
                List<GradientUpdater<?>> updaters = List.of(config.instantiate((INDArray) null, false),
                        config.instantiate((INDArray) null, false), config.instantiate((INDArray) null, false));
                ((GradientNoiseUpdater) updaters.get(0)).prefetchWith(NoisePrefetch.IN_PLACE);
                ((GradientNoiseUpdater) updaters.get(1)).prefetchWith(NoisePrefetch.INLINE);
                ((GradientNoiseUpdater) updaters.get(2)).prefetchWith(pool);
                List<INDArray> gradients = List.of(inPlace, separate, prefetched);
                for (int step = 0; step < 4; step++) {
                    for (int way = 0; way < 3; way++) {
                        INDArray view = gradients.get(way).get(NDArrayIndex.point(0),
                                NDArrayIndex.interval(block * length - 5, (block + 1) * length - 5));
                        assertThat(view.offset()).isEqualTo(block * length - 5L);
                        updaters.get(way).applyUpdater(view, step, 0);
                    }
                }
            }
        }
        assertThat(inPlace).isNotEqualTo(start);
        assertThat(inPlace.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, length - 5)))
                .as("before the first block").isEqualTo(start.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, length - 5)));
        assertThat(bits(inPlace)).isEqualTo(bits(separate)).isEqualTo(bits(prefetched));
    }

    @Test
    void onlyArraysStoredInTheirLogicalOrderAreDrawnOntoInPlace() {
        INDArray rowMajor = Nd4j.rand(DataType.FLOAT, 40, 30);
        INDArray columnMajor = rowMajor.dup('f');
        INDArray flat = Nd4j.rand(DataType.FLOAT, 1, 100);
        assertThat(HostWrites.updatable(rowMajor)).isTrue();
        assertThat(HostWrites.updatable(flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 20)))).isTrue();
        assertThat(HostWrites.updatable(columnMajor)).as("unit stride, but not in row order").isFalse();
        assertThat(HostWrites.updatable(rowMajor.getColumn(3))).as("every 30th element").isFalse();
        assertThat(HostWrites.updatable(rowMajor.castTo(DataType.DOUBLE))).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostWrites.ND4J.update(columnMajor, out -> {
        })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noiseDrawnInPlaceReadsTheGradientFromTheHostAndTagsItCurrentThere() {
        GradientNoise config = GradientNoise.around(new Sgd(1.0), 1.0, 9);
        RecordingAffinity affinity = new RecordingAffinity();
        GradientUpdater<?> updater = config.instantiate((INDArray) null, false);
        ((GradientNoiseUpdater) updater).prefetchWith(NoisePrefetch.inPlace(affinity.hostWrites()));
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 1, 1000);
        updater.applyUpdater(gradient, 0, 0);
        assertThat(affinity.broughtToHost(gradient)).isTrue();
        assertThat(affinity.taggedOnHost(gradient)).isTrue();
        assertThat(gradient.amaxNumber().doubleValue()).isGreaterThan(1);
    }

    @Test
    void theSigmaReportedForAnticorrelatedNoiseIsTheSpreadOfWhatIsAdded() {
        GradientNoise anti = new GradientNoise(new Sgd(1.0), 1.0, 0.55, 4, NoiseSchedule.POLYNOMIAL,
                NoiseCorrelation.ANTICORRELATED, null, true);
        List<INDArray> increments = sequence(anti, 4);
        for (int step = 0; step < 4; step++) {
            double measured = increments.get(step).stdNumber().doubleValue();
            assertThat(anti.appliedStandardDeviationAt(step)).as("step %d", step)
                    .isCloseTo(measured, org.assertj.core.data.Percentage.withPercentage(1));
        }
        assertThat(anti.appliedStandardDeviationAt(0)).isEqualTo(anti.standardDeviationAt(0));
        assertThat(anti.appliedStandardDeviationAt(3)).isGreaterThan(anti.standardDeviationAt(3) * 1.3);
        GradientNoise independent = GradientNoise.around(new Sgd(1.0), 1.0, 4);
        assertThat(independent.appliedStandardDeviationAt(3)).isEqualTo(independent.standardDeviationAt(3));
    }

    @Test
    void drawnNoiseIsTaggedAsCurrentOnTheHostInlineAndPrefetched() {
        GradientNoise config = GradientNoise.around(new Sgd(1.0), 1.0, 9);
        RecordingAffinity affinity = new RecordingAffinity();
        try (NoisePrefetch pool = NoisePrefetch.pooled(1)) {
            NoiseBuffers buffers = new NoiseBuffers(config, pool, affinity.hostWrites(), 1000, 0);
            INDArray first = buffers.perturbationAt(0);
            assertThat(affinity.taggedOnHost(first)).as("drawn on the training thread").isTrue();
            INDArray second = buffers.perturbationAt(1);
            assertThat(affinity.taggedOnHost(second)).as("drawn ahead on the pool").isTrue();
        }
    }

    @Test
    void anticorrelatedIncrementsTelescopeToTheLastDraw() {
        GradientNoise anti = new GradientNoise(new Sgd(1.0), 1.0, 0.55, 4, NoiseSchedule.POLYNOMIAL,
                NoiseCorrelation.ANTICORRELATED, null, true);
        INDArray sum = Nd4j.zeros(DataType.FLOAT, 1, ELEMENTS);
        for (INDArray increment : sequence(anti, 20)) {
            sum.addi(increment);
        }
        NoiseStatistics.assertGaussian(sum, 1.0 / Math.pow(20, 0.55));
    }

    private static List<INDArray> sequence(GradientNoise config, int steps) {
        return sequence(config, steps, NoisePrefetch.INLINE);
    }

    private static List<INDArray> sequence(GradientNoise config, int steps, NoisePrefetch prefetch) {
        GradientUpdater<?> updater = instantiate(config, ELEMENTS);
        ((GradientNoiseUpdater) updater).prefetchWith(prefetch);
        List<INDArray> noises = new java.util.ArrayList<>();
        for (int step = 0; step < steps; step++) {
            INDArray gradient = Nd4j.zeros(DataType.FLOAT, 1, ELEMENTS);
            updater.applyUpdater(gradient, step, 0);
            noises.add(gradient);
        }
        return noises;
    }

    /** With SGD at learning rate 1 on a zero gradient, the update is exactly the added noise. */
    private static INDArray noiseAt(GradientNoise config, int step) {
        INDArray gradient = Nd4j.zeros(DataType.FLOAT, 1, ELEMENTS);
        instantiate(config, ELEMENTS).applyUpdater(gradient, step, 0);
        return gradient;
    }

    private static GradientUpdater<?> instantiate(IUpdater config, int parameters) {
        long stateSize = config.stateSize(parameters);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        GradientUpdater<?> updater = config.instantiate(state, true);
        if (state != null) {
            updater.setStateViewArray(state, new long[] {1, parameters}, 'c', true);
        }
        return updater;
    }

    /** The raw bits of every element: {@code INDArray.equals} allows a difference of 1e-5. */
    private static int[] bits(INDArray array) {
        float[] values = array.toFloatVector();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static double correlation(INDArray a, INDArray b) {
        INDArray x = a.castTo(DataType.DOUBLE).reshape(-1);
        INDArray y = b.castTo(DataType.DOUBLE).reshape(-1);
        x = x.sub(x.meanNumber());
        y = y.sub(y.meanNumber());
        return x.mul(y).sumNumber().doubleValue()
                / Math.sqrt(x.mul(x).sumNumber().doubleValue() * y.mul(y).sumNumber().doubleValue());
    }
}
