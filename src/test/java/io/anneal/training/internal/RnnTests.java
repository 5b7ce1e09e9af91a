package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.anneal.artifact.CheckpointRef;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.RecurrentCell;
import io.anneal.spec.RunSpec;
import io.anneal.training.TrainingResult;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;
import io.anneal.training.internal.checkpoint.CheckpointStore;
import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.data.Target;
import io.anneal.training.internal.noise.NoisePrefetch;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Recurrent networks: they learn the generated sequence tasks through DL4J's fit, and the gradient noise
 * reaches every one of their parameters.
 */
class RnnTests {

    private static final DatasetCatalog CATALOG = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"), false));

    @Test
    void anLstmLearnsTheAddingProblemFarBelowTheMeanPredictorsError() {
        Dataset adding = CATALOG.dataset("adding-10");
        TrainingResult result = new Trainer(10).train(spec("adding-10", null, RecurrentCell.LSTM, 2, 16,
                OptimizerType.ADAM, 0.01), adding, new TrainerTests.Recorder());
        try (MinibatchStep step = MinibatchStep.of(NetworkFactory.build(spec("adding-10", null, RecurrentCell.LSTM, 1,
                16, OptimizerType.ADAM, 0.01), adding), UpdateEngine.KERNEL, 50)) {
            assertThat(step.engine()).as("the kernel is for dense stacks").isEqualTo(UpdateEngine.DL4J);
        }
        assertThat(result.trainLoss()).as("mean squared error; predicting 1 always scores 1/6")
                .isLessThan(0.02);
        assertThat(result.testAccuracy()).as("share of test sums within 0.04").isGreaterThan(0.3);
    }

    @Test
    void anLstmLearnsBinaryAdditionBitByBit() {
        Dataset addition = CATALOG.dataset("binary-addition-4");
        assertThat(addition.target()).isEqualTo(Target.CLASS_PER_STEP);
        TrainingResult result = new Trainer(10).train(spec("binary-addition-4", null, RecurrentCell.LSTM, 3, 16,
                OptimizerType.ADAM, 0.02), addition, new TrainerTests.Recorder());
        assertThat(result.testAccuracy()).as("share of test sums with every bit right").isGreaterThan(0.9);
    }

    @Test
    void aSimpleRnnTrainsToo() {
        Dataset adding = CATALOG.dataset("adding-10");
        TrainingResult result = new Trainer(10).train(spec("adding-10", null, RecurrentCell.SIMPLE_RNN, 1, 16,
                OptimizerType.ADAM, 0.01), adding, new TrainerTests.Recorder());
        assertThat(result.trainLoss()).isLessThan(1.0 / 6);
    }

    @Test
    void theNoiseReachesEveryLstmWeightAndBiasWithTheScheduledVariance() {
        Dataset adding = CATALOG.dataset("adding-10");
        double eta = 0.01; // 64 cells: 17,000 parameters, so the sample variance is within 1.1 % (one sd)
        double learningRate = 0.1;
        MultiLayerNetwork plain = NetworkFactory.build(spec("adding-10", null, RecurrentCell.LSTM, 1, 64,
                OptimizerType.SGD, learningRate), adding);
        MultiLayerNetwork noisy = NetworkFactory.build(spec("adding-10", new NoiseSpec(eta, null, 9L, null, null, null,
                null).withDefaults(1L), RecurrentCell.LSTM, 1, 64, OptimizerType.SGD, learningRate), adding);
        assertThat(noisy.params()).as("the same initial weights").isEqualTo(plain.params());
        assertThat(noisy.getLayerWiseConfigurations().getConf(0).getLayer()).isInstanceOf(LastTimeStep.class);
        INDArray features = adding.trainFeatures().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all());
        INDArray labels = adding.trainLabels().get(NDArrayIndex.interval(0, 32), NDArrayIndex.all());
        for (MultiLayerNetwork network : List.of(plain, noisy)) {
            try (MinibatchStep step = MinibatchStep.of(network, UpdateEngine.DL4J, 32, NoisePrefetch.INLINE,
                    Optional.empty())) {
                step.fit(features, labels);
            }
        }
        INDArray applied = plain.params().sub(noisy.params()).divi(learningRate);
        double variance = applied.varNumber().doubleValue() + Math.pow(applied.meanNumber().doubleValue(), 2);
        assertThat(variance).as("sigma_0^2 = eta at the first update").isCloseTo(eta, within(eta * 0.05));
        LSTM cell = (LSTM) ((LastTimeStep) noisy.getLayerWiseConfigurations().getConf(0).getLayer()).getUnderlying();
        assertThat(cell.getNOut()).isEqualTo(64);
        for (String name : List.of("W", "RW", "b")) {
            INDArray moved = plain.getLayer(0).getParam(name).sub(noisy.getLayer(0).getParam(name));
            assertThat(moved.amaxNumber().doubleValue()).as("LSTM %s got noise", name).isGreaterThan(0);
            assertThat(moved.neq(0).castTo(DataType.INT32).sumNumber().longValue())
                    .as("every entry of %s moved", name).isEqualTo(moved.length());
        }
    }

    @Test
    void aNoisyLstmResumedFromACheckpointContinuesExactlyAsIfNeverInterrupted(@TempDir Path store) {
        Dataset addition = CATALOG.dataset("binary-addition-4");
        RunSpec spec = new RunSpec(new DatasetRef("binary-addition-4"),
                new NetworkSpec(NetworkType.RNN, 2, 8, null, null, null, null).withDefaults(),
                new OptimizerSpec(OptimizerType.ADAM, 0.01, null, null).withDefaults(),
                new NoiseSpec(0.01, null, 5L, null, null, null, null).withDefaults(1L),
                new LoopSpec(null, 12L, 20, 1L).withDefaults());
        Trainer trainer = new Trainer(1, new CheckpointStore(store, 3));
        CheckpointSchedule everyFiveSteps = new CheckpointSchedule(null, 5);
        TrainerTests.Recorder uninterrupted = new TrainerTests.Recorder();
        TrainingResult expected = trainer.train(spec, addition, uninterrupted,
                new RunOptions("whole", null, everyFiveSteps, null));

        TrainerTests.Recorder first = new TrainerTests.Recorder();
        first.stopAfter = 7;
        trainer.train(spec, addition, first, new RunOptions("split", null, everyFiveSteps, null));
        assertThat(first.checkpoints).extracting(CheckpointRef::step).containsExactly(5L);
        TrainerTests.Recorder resumed = new TrainerTests.Recorder();
        TrainingResult result = trainer.train(spec, addition, resumed,
                new RunOptions("split", first.checkpoints.get(0), everyFiveSteps, null));
        assertThat(result.steps()).isEqualTo(12);
        assertThat(result.lastLoss()).isEqualTo(expected.lastLoss());
        assertThat(result.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(resumed.steps).containsExactlyElementsOf(uninterrupted.steps.subList(5, uninterrupted.steps.size()));
    }

    static RunSpec spec(String dataset, NoiseSpec noise, RecurrentCell cell, int epochs, int units,
            OptimizerType optimizer, double learningRate) {
        return new RunSpec(new DatasetRef(dataset),
                new NetworkSpec(NetworkType.RNN, 1, units, null, null, null, cell).withDefaults(),
                new OptimizerSpec(optimizer, learningRate, null, null).withDefaults(),
                noise, new LoopSpec(epochs, null, 50, 1L).withDefaults());
    }
}
