package io.anneal.training.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.anneal.spec.ActivationKind;
import io.anneal.spec.InitSpec;
import io.anneal.spec.InitType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The kernel's gradient and score against DL4J's own backpropagation on the same network and batch. */
class DenseStackKernelTests {

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void gradientAndScoreAreDl4jsForEveryHiddenActivation(ActivationKind activation) {
        for (InitType init : new InitType[] {InitType.HE, InitType.XAVIER}) {
            MultiLayerNetwork network = KernelNetworks.network(activation, new InitSpec(init, null),
                    KernelNetworks.sgd(0.1), null);
            assertSameAsDl4j(network, KernelNetworks.batch(16, 3));
        }
    }

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void zeroInitialisationGivesDl4jsGradientIncludingDerivativesAtZero(ActivationKind activation) {
        MultiLayerNetwork network = KernelNetworks.network(activation, new InitSpec(InitType.ZERO, null),
                KernelNetworks.sgd(0.1), null);
        assertSameAsDl4j(network, KernelNetworks.batch(16, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 5, 1, 16, 40})
    void anyMinibatchSizeIncludingAShorterLastOne(int rows) {
        MultiLayerNetwork network = KernelNetworks.network(ActivationKind.RELU, InitSpec.DEFAULT,
                KernelNetworks.sgd(0.1), null);
        try (DenseStackKernel kernel = DenseStackCompiler.compile(network)) {
            for (int size : new int[] {16, rows, 8}) {
                INDArray[] batch = KernelNetworks.batch(size, size);
                double[] expected = dl4j(network, batch);
                double score = kernel.gradientAndScore(batch[0], batch[1]);
                assertClose(network.getFlattenedGradients(), expected);
                assertThat(score).isCloseTo(expected[expected.length - 1], within(1e-5));
            }
        }
    }

    @Test
    void featuresThatAreViewsOrColumnMajorAreCopiedNotMisread() {
        MultiLayerNetwork network = KernelNetworks.network(ActivationKind.TANH, InitSpec.DEFAULT,
                KernelNetworks.sgd(0.1), null);
        INDArray[] wide = KernelNetworks.batch(20, 9);
        INDArray[] batch = {wide[0].get(NDArrayIndex.interval(4, 14), NDArrayIndex.all()),
                wide[1].get(NDArrayIndex.interval(4, 14), NDArrayIndex.all()).dup('f')};
        assertThat(batch[0].isView()).isTrue();
        assertSameAsDl4j(network, batch);
    }

    @ParameterizedTest
    @EnumSource(ActivationKind.class)
    void predictedClassesAreDl4jsArgmaxForMoreRowsThanTrainingUsesInChunksOfTheTrainingBatch(
            ActivationKind activation) {
        MultiLayerNetwork network = KernelNetworks.network(activation, InitSpec.DEFAULT, KernelNetworks.sgd(0.1), null);
        try (DenseStackKernel kernel = DenseStackCompiler.compile(network)) {
            INDArray[] small = KernelNetworks.batch(16, 1);
            kernel.gradientAndScore(small[0], small[1]);
            INDArray features = KernelNetworks.batch(300, 2)[0];
            assertThat(kernel.predictedClasses(features)).containsExactly(
                    network.output(features, false).argMax(1).toIntVector());
            assertThat(kernel.bufferedRows()).isEqualTo(16);
        }
        try (DenseStackKernel untrained = DenseStackCompiler.compile(network)) {
            INDArray features = KernelNetworks.batch(600, 3)[0];
            assertThat(untrained.predictedClasses(features)).containsExactly(
                    network.output(features, false).argMax(1).toIntVector());
            assertThat(untrained.bufferedRows()).isEqualTo(256);
        }
        try (DenseStackKernel reserved = DenseStackCompiler.compile(network)) {
            reserved.reserveRows(32);
            INDArray features = KernelNetworks.batch(100, 4)[0];
            assertThat(reserved.predictedClasses(features)).containsExactly(
                    network.output(features, false).argMax(1).toIntVector());
            assertThat(reserved.bufferedRows()).isEqualTo(32);
        }
    }

    @Test
    void doubleFeaturesAreReadAsFloats() {
        MultiLayerNetwork network = KernelNetworks.network(ActivationKind.RELU, InitSpec.DEFAULT,
                KernelNetworks.sgd(0.1), null);
        INDArray[] batch = KernelNetworks.batch(12, 5);
        INDArray[] doubles = {batch[0].castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE), batch[1]};
        assertSameAsDl4j(network, batch, doubles);
    }

    @Test
    void aBatchOfTheWrongWidthIsRefused() {
        MultiLayerNetwork network = KernelNetworks.network(ActivationKind.RELU, InitSpec.DEFAULT,
                KernelNetworks.sgd(0.1), null);
        INDArray[] batch = KernelNetworks.batch(4, 1);
        try (DenseStackKernel kernel = DenseStackCompiler.compile(network)) {
            assertThatThrownBy(() -> kernel.gradientAndScore(batch[1], batch[1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 inputs and 4 classes");
        }
    }

    private static void assertSameAsDl4j(MultiLayerNetwork network, INDArray[] batch) {
        assertSameAsDl4j(network, batch, batch);
    }

    /** The kernel on {@code kernelBatch} against DL4J on {@code batch}, the same digits in another form. */
    private static void assertSameAsDl4j(MultiLayerNetwork network, INDArray[] batch, INDArray[] kernelBatch) {
        double[] expected = dl4j(network, batch);
        try (DenseStackKernel kernel = DenseStackCompiler.compile(network)) {
            network.getFlattenedGradients().assign(Float.NaN);
            double score = kernel.gradientAndScore(kernelBatch[0], kernelBatch[1]);
            assertClose(network.getFlattenedGradients(), expected);
            assertThat(score).isCloseTo(expected[expected.length - 1], within(1e-5));
        }
    }

    /** DL4J's summed gradient followed by its score, computed by DL4J's backpropagation. */
    private static double[] dl4j(MultiLayerNetwork network, INDArray[] batch) {
        network.setInput(batch[0]);
        network.setLabels(batch[1]);
        network.computeGradientAndScore();
        double[] gradient = network.getFlattenedGradients().dup().toDoubleVector();
        double[] withScore = java.util.Arrays.copyOf(gradient, gradient.length + 1);
        withScore[gradient.length] = network.score();
        return withScore;
    }

    private static void assertClose(INDArray actual, double[] expectedWithScore) {
        double[] values = actual.toDoubleVector();
        assertThat(values).hasSize(expectedWithScore.length - 1);
        double scale = 0;
        for (int i = 0; i < values.length; i++) {
            scale = Math.max(scale, Math.abs(expectedWithScore[i]));
        }
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).as("gradient element %d of %d", i, values.length)
                    .isCloseTo(expectedWithScore[i], within(1e-5 * Math.max(1, scale)));
        }
    }
}
