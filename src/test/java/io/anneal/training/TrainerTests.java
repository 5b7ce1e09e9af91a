package io.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.training.data.DataProperties;
import io.anneal.training.data.Dataset;
import io.anneal.training.data.DatasetCatalog;
import io.anneal.training.spec.DatasetRef;
import io.anneal.training.spec.InitSpec;
import io.anneal.training.spec.InitType;
import io.anneal.training.spec.LoopSpec;
import io.anneal.training.spec.ModelSpec;
import io.anneal.training.spec.NoiseSpec;
import io.anneal.training.spec.OptimizerSpec;
import io.anneal.training.spec.RunSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTests {

    private static final Dataset DIGITS = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"))).load("mnist-tiny");

    @Test
    void aSmallMlpLearnsRealDigitsAndReportsEveryEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(1).train(spec(new InitSpec(InitType.HE, null), 10, null), DIGITS, recorder);
        assertThat(result.stopped()).isFalse();
        assertThat(result.steps()).isEqualTo(60);
        assertThat(recorder.epochs).extracting(EpochSummary::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(result.testAccuracy()).isGreaterThan(0.6);
        assertThat(recorder.steps).extracting(StepProgress::step).startsWith(1L, 2L, 3L).endsWith(60L);
        assertThat(recorder.steps.get(0).sigma()).isEqualTo(0.1);
        assertThat(recorder.steps.get(0).learningRate()).isEqualTo(0.1);
    }

    @Test
    void maxStepsEndsTheRunMidEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(4).train(spec(InitSpec.DEFAULT, null, 7L), DIGITS, recorder);
        assertThat(result.steps()).isEqualTo(7);
        // every 4th update, plus the last update of each epoch (6 per epoch here) and of the run
        assertThat(recorder.steps).extracting(StepProgress::step).containsExactly(1L, 4L, 6L, 7L);
    }

    @Test
    void withZeroInitAndNoNoiseTheHiddenUnitsStaySymmetricAndAccuracyStaysAtChance() {
        TrainingResult result = new Trainer(10).train(
                new RunSpec(new DatasetRef("mnist-tiny"), new ModelSpec(null, 3, 20, null,
                        new InitSpec(InitType.ZERO, null)).withDefaults(),
                        new OptimizerSpec(null, 0.1, null, null).withDefaults(), null,
                        new LoopSpec(5, null, 50, 1L).withDefaults()), DIGITS, new Recorder());
        assertThat(result.testAccuracy()).isLessThan(0.25);
    }

    private static RunSpec spec(InitSpec init, Integer epochs, Long maxSteps) {
        return new RunSpec(new DatasetRef("mnist-tiny"),
                new ModelSpec(null, 2, 32, null, init).withDefaults(),
                new OptimizerSpec(null, 0.1, null, null).withDefaults(),
                new NoiseSpec(0.01, null, 3L, null, null, null, null).withDefaults(),
                new LoopSpec(epochs, maxSteps, 50, 1L).withDefaults());
    }

    /** Keeps what the trainer reports. */
    static final class Recorder implements TrainingObserver {
        final List<StepProgress> steps = new ArrayList<>();
        final List<EpochSummary> epochs = new ArrayList<>();

        @Override
        public void started(long totalSteps) {
        }

        @Override
        public void stepSampled(StepProgress progress) {
            steps.add(progress);
        }

        @Override
        public void epochEnded(EpochSummary summary) {
            epochs.add(summary);
        }

        @Override
        public void stepCompleted(long durationNanos, int examples) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }
}
