package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.artifact.CheckpointRef;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.InitSpec;
import io.anneal.spec.InitType;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.RunSpec;
import io.anneal.training.CheckpointUnusableException;
import io.anneal.training.EpochSummary;
import io.anneal.training.SampledUpdate;
import io.anneal.training.TrainingObserver;
import io.anneal.training.TrainingResult;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;
import io.anneal.training.internal.checkpoint.CheckpointStore;
import io.anneal.training.internal.checkpoint.SavedCheckpoint;
import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTests {

    private static final Dataset DIGITS = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"), false)).dataset("mnist-tiny");

    @Test
    void aSmallMlpLearnsRealDigitsAndReportsEveryEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(1).train(spec(new InitSpec(InitType.HE, null), 10, null), DIGITS, recorder);
        assertThat(result.stopped()).isFalse();
        assertThat(result.steps()).isEqualTo(60);
        assertThat(recorder.epochs).extracting(EpochSummary::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(result.testAccuracy()).isGreaterThan(0.6);
        assertThat(recorder.steps).extracting(SampledUpdate::step).startsWith(1L, 2L, 3L).endsWith(60L);
        assertThat(recorder.steps.get(0).sigma()).isEqualTo(0.1);
        assertThat(recorder.steps.get(0).learningRate()).isEqualTo(0.1);
    }

    @Test
    void theKernelAndDl4jsFitTrainTheSameRunToTheSameCurve() {
        Recorder kernel = new Recorder();
        Recorder fit = new Recorder();
        RunSpec spec = spec(new InitSpec(InitType.HE, null), 3, null);
        TrainingResult byKernel = new Trainer(1, null, null, UpdateEngine.KERNEL).train(spec, DIGITS, kernel);
        TrainingResult byFit = new Trainer(1, null, null, UpdateEngine.DL4J).train(spec, DIGITS, fit);

        assertThat(byKernel.steps()).isEqualTo(byFit.steps()).isEqualTo(18);
        for (int i = 0; i < fit.steps.size(); i++) {
            assertThat(kernel.steps.get(i).loss()).as("loss at update %d", i + 1)
                    .isCloseTo(fit.steps.get(i).loss(), org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(byKernel.testAccuracy()).isCloseTo(byFit.testAccuracy(), org.assertj.core.api.Assertions.within(0.02));
    }

    @Test
    void maxStepsEndsTheRunMidEpoch() {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(4).train(spec(InitSpec.DEFAULT, null, 7L), DIGITS, recorder);
        assertThat(result.steps()).isEqualTo(7);
        // every 4th update, plus the last update of each epoch (6 per epoch here) and of the run
        assertThat(recorder.steps).extracting(SampledUpdate::step).containsExactly(1L, 4L, 6L, 7L);
    }

    @Test
    void withZeroInitAndNoNoiseTheHiddenUnitsStaySymmetricAndAccuracyStaysAtChance() {
        TrainingResult result = new Trainer(10).train(
                new RunSpec(new DatasetRef("mnist-tiny"), new NetworkSpec(null, 3, 20, null,
                        new InitSpec(InitType.ZERO, null)).withDefaults(),
                        new OptimizerSpec(null, 0.1, null, null).withDefaults(), null,
                        new LoopSpec(5, null, 50, 1L).withDefaults()), DIGITS, new Recorder());
        assertThat(result.testAccuracy()).isLessThan(0.25);
    }

    @Test
    void aRunResumedFromACheckpointContinuesExactlyAsIfNeverInterrupted(@TempDir Path store) {
        RunSpec spec = spec(InitSpec.DEFAULT, null, 14L);
        Trainer trainer = new Trainer(1, new CheckpointStore(store, 3));
        CheckpointSchedule everyFiveSteps = new CheckpointSchedule(null, 5);
        Recorder uninterrupted = new Recorder();
        TrainingResult expected = trainer.train(spec, DIGITS, uninterrupted,
                new RunOptions("whole", null, everyFiveSteps, null));

        Recorder first = new Recorder();
        first.stopAfter = 8;
        TrainingResult stopped = trainer.train(spec, DIGITS, first, new RunOptions("split", null, everyFiveSteps, null));
        assertThat(stopped.stopped()).isTrue();
        assertThat(first.checkpoints).extracting(CheckpointRef::step).containsExactly(5L);

        Recorder resumed = new Recorder();
        TrainingResult result = trainer.train(spec, DIGITS, resumed,
                new RunOptions("split", first.checkpoints.get(0), everyFiveSteps, null));
        assertThat(result.steps()).isEqualTo(14);
        assertThat(result.lastLoss()).isEqualTo(expected.lastLoss());
        assertThat(result.testAccuracy()).isEqualTo(expected.testAccuracy());
        assertThat(resumed.steps.get(0).step()).isEqualTo(6);
        assertThat(resumed.steps).containsExactlyElementsOf(uninterrupted.steps.subList(5, uninterrupted.steps.size()));
    }

    @Test
    void stoppingForShutdownSavesACheckpointAtTheStepBoundary(@TempDir Path store) {
        Recorder recorder = new Recorder();
        recorder.stopAfter = 3;
        recorder.checkpointOnStop = true;
        new Trainer(1, new CheckpointStore(store, 3)).train(spec(InitSpec.DEFAULT, null, 50L), DIGITS, recorder,
                new RunOptions("shutdown", null, new CheckpointSchedule(java.time.Duration.ofHours(1), 0), null));
        assertThat(recorder.checkpoints).extracting(CheckpointRef::step).containsExactly(3L);
    }

    @Test
    void aCheckpointWhoseBytesChangedIsRefused(@TempDir Path store) throws java.io.IOException {
        Recorder recorder = new Recorder();
        CheckpointStore checkpoints = new CheckpointStore(store, 3);
        Trainer trainer = new Trainer(1, checkpoints);
        trainer.train(spec(InitSpec.DEFAULT, null, 5L), DIGITS, recorder,
                new RunOptions("tampered", null, new CheckpointSchedule(null, 5), null));
        CheckpointRef saved = recorder.checkpoints.get(0);
        java.nio.file.Files.write(Path.of(checkpoints.describe(SavedCheckpoint.of(saved).path())), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(spec(InitSpec.DEFAULT, null, 10L), DIGITS,
                new Recorder(), new RunOptions("tampered", saved, CheckpointSchedule.NEVER, null)))
                .isInstanceOf(CheckpointUnusableException.class);
    }

    private static RunSpec spec(InitSpec init, Integer epochs, Long maxSteps) {
        return new RunSpec(new DatasetRef("mnist-tiny"),
                new NetworkSpec(null, 2, 32, null, init).withDefaults(),
                new OptimizerSpec(null, 0.1, null, null).withDefaults(),
                new NoiseSpec(0.01, null, 3L, null, null, null, null).withDefaults(),
                new LoopSpec(epochs, maxSteps, 50, 1L).withDefaults());
    }

    /** Keeps what the trainer reports. */
    static class Recorder implements TrainingObserver {
        final List<SampledUpdate> steps = new ArrayList<>();
        final List<EpochSummary> epochs = new ArrayList<>();
        final List<CheckpointRef> checkpoints = new ArrayList<>();
        long stopAfter = Long.MAX_VALUE;
        boolean checkpointOnStop;
        long completed;

        @Override
        public void started(long totalSteps) {
        }

        @Override
        public void stepSampled(SampledUpdate progress) {
            steps.add(progress);
        }

        @Override
        public void epochEnded(EpochSummary summary) {
            epochs.add(summary);
        }

        @Override
        public void stepCompleted(long durationNanos, int examples) {
            completed++;
        }

        @Override
        public boolean stopRequested() {
            return completed >= stopAfter;
        }

        @Override
        public boolean checkpointBeforeStop() {
            return checkpointOnStop;
        }

        @Override
        public void checkpointSaved(CheckpointRef checkpoint) {
            checkpoints.add(checkpoint);
        }
    }
}
