package io.anneal.training.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.anneal.spec.ActivationKind;
import io.anneal.spec.ClippingSpec;
import io.anneal.spec.ClippingType;
import io.anneal.spec.InitSpec;
import io.anneal.spec.InitType;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Kernel steps against {@code MultiLayerNetwork.fit} on twin networks: same parameters, scores, updater state. */
class KernelStepTests {

    static Stream<Arguments> trainings() {
        ClippingSpec none = new ClippingSpec(ClippingType.NONE, null);
        NoiseSpec noise = new NoiseSpec(0.3, null, 11L, null, null, null, null);
        return Stream.of(
                Arguments.of("SGD", ActivationKind.RELU, InitType.HE, KernelNetworks.sgd(0.1), null),
                Arguments.of("SGD + noise, zero init", ActivationKind.LEAKYRELU, InitType.ZERO,
                        KernelNetworks.sgd(0.1), noise),
                Arguments.of("SGD + noise, ReLU zero init", ActivationKind.RELU, InitType.ZERO,
                        KernelNetworks.sgd(0.1), noise),
                Arguments.of("Nesterov + L2 clipping", ActivationKind.TANH, InitType.XAVIER,
                        new OptimizerSpec(OptimizerType.NESTEROVS, 0.05, 0.9,
                                new ClippingSpec(ClippingType.L2_PER_LAYER, 0.5)), null),
                Arguments.of("Adam + noise + element clipping", ActivationKind.SIGMOID, InitType.HE,
                        KernelNetworks.optimizer(OptimizerType.ADAM, 0.01,
                                new ClippingSpec(ClippingType.ELEMENT_WISE, 0.01)), noise),
                Arguments.of("RMSProp", ActivationKind.RELU, InitType.NORMAL,
                        KernelNetworks.optimizer(OptimizerType.RMSPROP, 0.01, none), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainings")
    void twentyKernelStepsLeaveTheNetworkWhereTwentyFitsDo(String name, ActivationKind activation, InitType init,
            OptimizerSpec optimizer, NoiseSpec noise) {
        InitSpec initSpec = new InitSpec(init, init == InitType.NORMAL ? 0.1 : null);
        MultiLayerNetwork fitted = KernelNetworks.network(activation, initSpec, optimizer, noise);
        MultiLayerNetwork kernelled = KernelNetworks.network(activation, initSpec, optimizer, noise);
        assertThat(kernelled.params()).isEqualTo(fitted.params());
        Scores fitScores = new Scores();
        Scores kernelScores = new Scores();
        fitted.setListeners(fitScores);
        kernelled.setListeners(kernelScores);

        try (KernelStep step = KernelStep.of(kernelled)) {
            for (int s = 0; s < 20; s++) {
                INDArray[] batch = KernelNetworks.batch(s % 5 == 4 ? 7 : 16, 100 + s);
                fitted.fit(batch[0], batch[1]);
                step.fit(batch[0], batch[1]);
            }
        }

        assertThat(kernelled.getIterationCount()).isEqualTo(fitted.getIterationCount()).isEqualTo(20);
        assertThat(kernelScores.iterations).isEqualTo(fitScores.iterations);
        for (int i = 0; i < fitScores.scores.size(); i++) {
            assertThat(kernelScores.scores.get(i)).as("score of update %d", i)
                    .isCloseTo(fitScores.scores.get(i), within(1e-4 * Math.max(1, fitScores.scores.get(i))));
        }
        assertClose("parameters", kernelled.params(), fitted.params());
        if (fitted.getUpdater().getStateViewArray() != null) {
            assertClose("updater state", kernelled.getUpdater().getStateViewArray(),
                    fitted.getUpdater().getStateViewArray());
        }
    }

    @Test
    void aStepAfterFitAndAFitAfterAStepShareOneUpdater() {
        OptimizerSpec adam = KernelNetworks.optimizer(OptimizerType.ADAM, 0.01, new ClippingSpec(ClippingType.NONE, null));
        MultiLayerNetwork fitted = KernelNetworks.network(ActivationKind.RELU, InitSpec.DEFAULT, adam, null);
        MultiLayerNetwork mixed = KernelNetworks.network(ActivationKind.RELU, InitSpec.DEFAULT, adam, null);
        try (KernelStep step = KernelStep.of(mixed)) {
            for (int s = 0; s < 6; s++) {
                INDArray[] batch = KernelNetworks.batch(16, s);
                fitted.fit(batch[0], batch[1]);
                if (s % 2 == 0) {
                    step.fit(batch[0], batch[1]);
                } else {
                    mixed.fit(batch[0], batch[1]);
                }
            }
        }
        assertClose("parameters", mixed.params(), fitted.params());
        assertClose("Adam moments", mixed.getUpdater().getStateViewArray(), fitted.getUpdater().getStateViewArray());
    }

    @Test
    void networksTheKernelCannotExpressAreNamedWithTheReason() {
        MultiLayerNetwork dropout = custom(new DenseLayer.Builder().nIn(4).nOut(3).dropOut(0.5).build(),
                LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        MultiLayerNetwork squaredError = custom(new DenseLayer.Builder().nIn(4).nOut(3).build(),
                LossFunctions.LossFunction.MSE, Activation.IDENTITY);
        MultiLayerNetwork elu = custom(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.ELU).build(),
                LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
        MultiLayerNetwork plain = custom(new DenseLayer.Builder().nIn(4).nOut(3).build(),
                LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);

        assertThat(DenseStackCompiler.unsupportedReason(dropout)).hasValue("layer 0: dropout");
        assertThat(DenseStackCompiler.unsupportedReason(squaredError)).get().asString()
                .startsWith("layer 1: output activation");
        assertThat(DenseStackCompiler.unsupportedReason(elu)).get().asString().contains("layer 0: activation elu");
        assertThat(DenseStackCompiler.unsupportedReason(plain)).isEmpty();
        assertThat(DenseStackCompiler.unsupportedReason(plain, false)).hasValue("the ND4J backend is not the CPU backend");
        assertThatThrownBy(() -> KernelStep.of(dropout)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout");
    }

    @Test
    void everyNetworkAnnealBuildsIsOneTheKernelTrains() {
        for (ActivationKind activation : ActivationKind.values()) {
            for (InitType init : InitType.values()) {
                MultiLayerNetwork network = KernelNetworks.network(activation,
                        new InitSpec(init, init == InitType.NORMAL ? 0.1 : null), KernelNetworks.sgd(0.1),
                        new NoiseSpec(0.01, null, 1L, null, null, null, null));
                assertThat(DenseStackCompiler.unsupportedReason(network)).as("%s %s", activation, init).isEmpty();
            }
        }
    }

    private static MultiLayerNetwork custom(DenseLayer hidden, LossFunctions.LossFunction loss, Activation output) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new Sgd(0.1)).activation(Activation.RELU).list().layer(hidden)
                .layer(new OutputLayer.Builder(loss).nIn(3).nOut(2).activation(output).build()).build());
        network.init();
        return network;
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double[] a = actual.toDoubleVector();
        double[] e = expected.toDoubleVector();
        assertThat(a).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            assertThat(a[i]).as("%s element %d", what, i).isCloseTo(e[i], within(1e-4 * Math.max(1, Math.abs(e[i]))));
        }
    }

    /** The (iteration, score) pairs a listener sees. */
    private static final class Scores extends BaseTrainingListener {
        final List<Integer> iterations = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            iterations.add(iteration);
            scores.add(model.score());
        }
    }
}
