package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.anneal.spec.ConvBlock;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.InitSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.RunSpec;
import io.anneal.training.TrainingResult;
import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.noise.NoisePrefetch;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Convolutional networks: they learn digits, and the gradient noise reaches every one of their parameters. */
class CnnTests {

    private static final Dataset DIGITS = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"), false)).dataset("mnist-tiny");
    private static final List<ConvBlock> SMALL = List.of(new ConvBlock(6, 5, 1, 2), new ConvBlock(12, 5, 1, 2));

    @Test
    void aSmallLeNetLearnsDigitsThroughDl4jsFit() {
        TrainerTests.Recorder recorder = new TrainerTests.Recorder() {
            String engine;

            @Override
            public void computedBy(String engine, String backend) {
                this.engine = engine;
                assertThat(engine).as("the dense-stack kernel is for MLPs only").isEqualTo("DL4J");
            }
        };
        TrainingResult result = new Trainer(5).train(spec(null, 8, OptimizerType.ADAM, 0.005), DIGITS, recorder);
        assertThat(result.testAccuracy()).isGreaterThan(0.6);
    }

    @Test
    void theNoiseReachesEveryConvolutionWeightAndBiasWithTheScheduledVariance() {
        double eta = 0.01;
        double learningRate = 0.1;
        MultiLayerNetwork plain = NetworkFactory.build(spec(null, 1, OptimizerType.SGD, learningRate), Dataset.DIGIT,
                10);
        MultiLayerNetwork noisy = NetworkFactory.build(spec(new NoiseSpec(eta, null, 9L, null, null, null, null)
                .withDefaults(1L), 1, OptimizerType.SGD, learningRate), Dataset.DIGIT, 10);
        assertThat(noisy.params()).as("the same initial weights").isEqualTo(plain.params());
        INDArray features = DIGITS.trainFeatures().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all());
        INDArray labels = DIGITS.trainLabels().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all());
        for (MultiLayerNetwork network : List.of(plain, noisy)) {
            try (MinibatchStep step = MinibatchStep.of(network, UpdateEngine.KERNEL, 32, NoisePrefetch.INLINE,
                    Optional.empty())) {
                assertThat(step.engine()).isEqualTo(UpdateEngine.DL4J);
                step.fit(features, labels);
            }
        }
        INDArray applied = plain.params().sub(noisy.params()).divi(learningRate);
        double variance = applied.varNumber().doubleValue() + Math.pow(applied.meanNumber().doubleValue(), 2);
        assertThat(variance).as("sigma_0^2 = eta at the first update").isCloseTo(eta, within(eta * 0.05));
        for (int layer = 0; layer < noisy.getnLayers(); layer++) {
            if (noisy.getLayer(layer).conf().getLayer() instanceof ConvolutionLayer) {
                for (String name : List.of("W", "b")) {
                    INDArray moved = plain.getLayer(layer).getParam(name).sub(noisy.getLayer(layer).getParam(name));
                    assertThat(moved.amaxNumber().doubleValue()).as("layer %d %s got noise", layer, name)
                            .isGreaterThan(0);
                }
            }
        }
    }

    private static RunSpec spec(NoiseSpec noise, int epochs, OptimizerType optimizer, double learningRate) {
        return new RunSpec(new DatasetRef("mnist-tiny"),
                new NetworkSpec(NetworkType.CNN, 1, 32, null, InitSpec.DEFAULT, SMALL).withDefaults(),
                new OptimizerSpec(optimizer, learningRate, null, null).withDefaults(),
                noise, new LoopSpec(epochs, null, 25, 1L).withDefaults());
    }
}
