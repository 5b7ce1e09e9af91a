package io.anneal.training.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class GradientNoiseNetworkTests {

    private static final int INPUTS = 20;
    private static final int BATCH = 16;

    @BeforeAll
    static void oneNd4jThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
    }

    static Stream<IUpdater> baseUpdaters() {
        return GradientNoiseUpdaterTests.baseUpdaters();
    }

    @Test
    void noiseIsAddedAfterClippingSoATinyClipThresholdStillLetsTheFullNoiseThrough() {
        MultiLayerNetwork network = network(GradientNoise.around(new Sgd(1.0), 1.0, 3), 200, 1e-6);
        INDArray before = network.params().dup();
        network.fit(features(1), labels(1));
        INDArray change = network.params().sub(before);
        // With SGD at rate 1 the change is -(clipped gradient + noise); the clipped part is at most 1e-6.
        NoiseStatistics.assertGaussian(change, 1.0);
    }

    @Test
    void aRestoredCheckpointContinuesBitIdenticallyToUninterruptedTraining() throws IOException {
        GradientNoise noise = GradientNoise.around(new Adam(1e-2), 0.1, 21);
        MultiLayerNetwork uninterrupted = network(noise, 30, 0);
        MultiLayerNetwork interrupted = network(noise, 30, 0);
        for (int step = 0; step < 5; step++) {
            uninterrupted.fit(features(step), labels(step));
            interrupted.fit(features(step), labels(step));
        }
        ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
        ModelSerializer.writeModel(interrupted, checkpoint, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(checkpoint.toByteArray()), true);
        for (int step = 5; step < 10; step++) {
            uninterrupted.fit(features(step), labels(step));
            restored.fit(features(step), labels(step));
        }
        assertThat(restored.params()).isEqualTo(uninterrupted.params());
        assertThat(restored.getUpdater().getStateViewArray()).isEqualTo(uninterrupted.getUpdater().getStateViewArray());
    }

    @Test
    void theSameNoiseSeedGivesTheSameTrainingCurveAndAnotherSeedAnother() {
        double[] first = losses(GradientNoise.around(new Sgd(0.1), 0.3, 1));
        double[] again = losses(GradientNoise.around(new Sgd(0.1), 0.3, 1));
        double[] other = losses(GradientNoise.around(new Sgd(0.1), 0.3, 2));
        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void layersWithEqualNoiseSettingsShareOneUpdaterBlock() {
        MultiLayerNetwork network = network(GradientNoise.around(new Sgd(0.1), 0.01, 1), 30, 0);
        network.fit(features(0), labels(0));
        assertThat(((MultiLayerUpdater) network.getUpdater()).getUpdaterBlocks()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("baseUpdaters")
    void aMultiLayerConfigurationWithNoiseSurvivesAJsonRoundTrip(IUpdater base) {
        GradientNoise noise = new GradientNoise(base, 0.3, 0.6, 17, NoiseSchedule.CONSTANT,
                NoiseCorrelation.ANTICORRELATED, 500L, false);
        MultiLayerConfiguration configuration = configuration(noise, 10, 0);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(configuration.toJson());
        assertThat(restored).isEqualTo(configuration);
        assertThat(restored.getConf(0).getLayer().getUpdaterByParam("W")).isEqualTo(noise);
    }

    @ParameterizedTest
    @MethodSource("baseUpdaters")
    void aComputationGraphConfigurationWithNoiseSurvivesAJsonRoundTrip(IUpdater base) {
        GradientNoise noise = GradientNoise.around(base, 1.0, 99);
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().updater(noise).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(3).build(), "in")
                .addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build(),
                        "hidden")
                .setOutputs("out").build();
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(graph.toJson());
        assertThat(restored).isEqualTo(graph);
    }

    private static double[] losses(GradientNoise noise) {
        MultiLayerNetwork network = network(noise, 30, 0);
        double[] losses = new double[8];
        for (int step = 0; step < losses.length; step++) {
            network.fit(features(step), labels(step));
            losses[step] = network.score();
        }
        return losses;
    }

    private static MultiLayerNetwork network(IUpdater updater, int hidden, double clipThreshold) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(updater, hidden, clipThreshold));
        network.init();
        return network;
    }

    private static MultiLayerConfiguration configuration(IUpdater updater, int hidden, double clipThreshold) {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder().seed(12345)
                .dataType(DataType.FLOAT).updater(updater).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED);
        if (clipThreshold > 0) {
            builder.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clipThreshold);
        }
        return builder.list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(hidden).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private static INDArray features(int step) {
        return Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(1000 + step), BATCH, INPUTS)
                .castTo(DataType.FLOAT);
    }

    private static INDArray labels(int step) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 3);
        for (int row = 0; row < BATCH; row++) {
            labels.putScalar(row, (row + step) % 3, 1f);
        }
        return labels;
    }
}
