package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.spec.ClippingSpec;
import io.anneal.spec.ClippingType;
import io.anneal.training.internal.kernel.DenseStackCompiler;
import io.anneal.training.internal.noise.GradientNoise;
import io.anneal.training.internal.noise.NoisePrefetch;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class MinibatchStepTests {

    private final INDArray features = Nd4j.rand(DataType.FLOAT, 8, 4);
    private final INDArray labels = Nd4j.eye(4).castTo(DataType.FLOAT).repeat(0, 2);

    @Test
    void aNetworkTheKernelCannotExpressStillTrainsThroughFit() {
        MultiLayerNetwork network = network(0.5);
        INDArray before = network.params().dup();
        try (MinibatchStep step = MinibatchStep.of(network, UpdateEngine.KERNEL, 8)) {
            assertThat(step.engine()).isEqualTo(UpdateEngine.DL4J);
            step.fit(features, labels);
            assertThat(step.predictedClasses(features)).hasSize(8);
        }
        assertThat(network.getIterationCount()).isEqualTo(1);
        assertThat(network.params()).isNotEqualTo(before);
    }

    @Test
    void bothEnginesTakeTheSameStepOnANetworkTheKernelExpresses() {
        MultiLayerNetwork byKernel = network(0);
        MultiLayerNetwork byFit = network(0);
        try (MinibatchStep kernel = MinibatchStep.of(byKernel, UpdateEngine.KERNEL, 8);
                MinibatchStep fit = MinibatchStep.of(byFit, UpdateEngine.DL4J, 8)) {
            assertThat(kernel.engine()).isEqualTo(UpdateEngine.KERNEL);
            assertThat(fit.engine()).isEqualTo(UpdateEngine.DL4J);
            kernel.fit(features, labels);
            fit.fit(features, labels);
            assertThat(kernel.predictedClasses(features)).containsExactly(fit.predictedClasses(features));
        }
        double[] a = byKernel.params().toDoubleVector();
        double[] b = byFit.params().toDoubleVector();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.api.Assertions.within(1e-5));
        }
    }

    @Test
    void aBatchWhoseActivationsWouldCrowdTheHeapTrainsThroughFit() {
        MultiLayerNetwork network = network(0);
        long rows = Runtime.getRuntime().maxMemory() / 4 / DenseStackCompiler.heapBytes(network, 1) + 1;
        INDArray params = network.params().dup();
        try (MinibatchStep step = MinibatchStep.of(network, UpdateEngine.KERNEL, Math.toIntExact(rows))) {
            assertThat(step.engine()).isEqualTo(UpdateEngine.DL4J);
            step.fit(features, labels);
        }
        assertThat(network.getIterationCount()).isEqualTo(1);
        assertThat(network.params()).isNotEqualTo(params);
    }

    @Test
    void bothEnginesDrawTheNextStepsNoiseOnThePrefetchPoolTheyAreGiven() {
        for (UpdateEngine engine : UpdateEngine.values()) {
            try (NoisePrefetch pool = NoisePrefetch.pooled(1);
                    MinibatchStep step = MinibatchStep.of(network(0, GradientNoise.around(new Sgd(0.5), 0.01, 3)),
                            engine, 8, pool, java.util.Optional.empty())) {
                for (int i = 0; i < 3; i++) {
                    step.fit(features, labels);
                }
                assertThat(pool.draws()).as(engine + ": noise blocks drawn ahead").isPositive();
            }
        }
    }

    @Test
    void clippingByTheGlobalNormScalesTheMeanGradientOfAllLayersToTheThresholdInBothEngines() {
        double threshold = 0.05;
        ClippingSpec global = new ClippingSpec(ClippingType.L2_GLOBAL, threshold);
        double[] moved = new double[2];
        INDArray[] after = new INDArray[2];
        for (UpdateEngine engine : UpdateEngine.values()) {
            MultiLayerNetwork network = network(0, new Sgd(1.0));
            INDArray before = network.params().dup();
            double unclipped = meanGradientNorm(network);
            assertThat(unclipped).as("the test needs a gradient above the threshold").isGreaterThan(4 * threshold);
            try (MinibatchStep step = MinibatchStep.of(network, engine, 8, NoisePrefetch.INLINE,
                    GlobalNormClip.of(global))) {
                step.fit(features, labels);
            }
            moved[engine.ordinal()] = network.params().sub(before).norm2Number().doubleValue();
            after[engine.ordinal()] = network.params().dup();
        }
        assertThat(moved[0]).as("SGD at rate 1 moves by exactly the clipped mean gradient")
                .isCloseTo(threshold, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(moved[1]).isCloseTo(threshold, org.assertj.core.api.Assertions.within(1e-6));
        double[] a = after[0].toDoubleVector();
        double[] b = after[1].toDoubleVector();
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void aGlobalThresholdAboveTheNormLeavesTheStepAsItIs() {
        MultiLayerNetwork clipped = network(0, new Sgd(1.0));
        MultiLayerNetwork plain = network(0, new Sgd(1.0));
        try (MinibatchStep a = MinibatchStep.of(clipped, UpdateEngine.KERNEL, 8, NoisePrefetch.INLINE,
                GlobalNormClip.of(new ClippingSpec(ClippingType.L2_GLOBAL, 1e6)));
                MinibatchStep b = MinibatchStep.of(plain, UpdateEngine.KERNEL, 8)) {
            a.fit(features, labels);
            b.fit(features, labels);
        }
        assertThat(clipped.params()).isEqualTo(plain.params());
    }

    /** The norm of the minibatch-mean gradient of all layers at the network's current parameters. */
    private double meanGradientNorm(MultiLayerNetwork network) {
        MultiLayerNetwork copy = network.clone();
        copy.setInput(features);
        copy.setLabels(labels);
        copy.computeGradientAndScore();
        return copy.getFlattenedGradients().norm2Number().doubleValue() / features.size(0);
    }

    private static MultiLayerNetwork network(double dropOut) {
        return network(dropOut, new Sgd(0.5));
    }

    private static MultiLayerNetwork network(double dropOut, IUpdater updater) {
        DenseLayer.Builder hidden = new DenseLayer.Builder().nIn(4).nOut(6);
        if (dropOut > 0) {
            hidden.dropOut(dropOut);
        }
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(updater).activation(Activation.RELU).list()
                .layer(hidden.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(4)
                        .activation(Activation.SOFTMAX).build()).build());
        network.init();
        return network;
    }
}
