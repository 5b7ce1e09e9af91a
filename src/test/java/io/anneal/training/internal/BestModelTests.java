package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.Sha256;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.InitSpec;
import io.anneal.spec.KeepBest;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.RunSpec;
import io.anneal.training.EpochSummary;
import io.anneal.training.TrainingResult;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;
import io.anneal.training.internal.checkpoint.CheckpointStore;
import io.anneal.training.internal.checkpoint.SavedCheckpoint;
import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.data.ValidationSplit;
import io.anneal.training.internal.trained.ModelStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation split and the best model a run keeps on it: chosen on validation, reported on test. */
class BestModelTests {

    private static final Dataset DIGITS = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"), false)).dataset("mnist-tiny");
    private static final String SPEC_JSON = "{\"dataset\":{\"name\":\"mnist-tiny\"}}";

    @Test
    void theRunTrainsWithoutTheValidationRowsAndKeepsTheModelMostAccurateOnThem(@TempDir Path root)
            throws IOException {
        Recorder recorder = new Recorder();
        ModelStore models = new ModelStore(root);
        TrainingResult result = new Trainer(1, null, models).train(spec(8, 0.2, null), DIGITS, recorder,
                new RunOptions("chosen", null, CheckpointSchedule.NEVER, SPEC_JSON));

        int held = ValidationSplit.carve(DIGITS, 0.2, 1L).examples();
        long perEpoch = (DIGITS.trainExamples() - held + 49) / 50;
        assertThat(result.steps()).isEqualTo(8 * perEpoch);
        assertThat(recorder.epochs).allSatisfy(epoch -> {
            assertThat(epoch.validationAccuracy()).isBetween(0.0, 1.0);
            assertThat(epoch.validationLoss()).isPositive();
        });
        EpochSummary chosen = recorder.epochs.stream()
                .max(Comparator.comparingDouble(EpochSummary::validationAccuracy)
                        .thenComparing(Comparator.comparingInt(EpochSummary::epoch).reversed()))
                .orElseThrow();
        BestModel best = result.best();
        assertThat(best.selectedBy()).isEqualTo(KeepBest.VALIDATION_ACCURACY);
        assertThat(best.epoch()).isEqualTo(chosen.epoch());
        assertThat(best.step()).isEqualTo(chosen.step());
        assertThat(best.validationAccuracy()).isEqualTo(chosen.validationAccuracy());
        assertThat(best.testAccuracy()).as("reported on the test split at the chosen epoch")
                .isEqualTo(chosen.testAccuracy());
        assertThat(recorder.bests).last().isEqualTo(best);

        Path file = Path.of(models.describe(best.model().location()));
        assertThat(Sha256.of(file)).isEqualTo(best.model().sha256());
        MultiLayerNetwork saved = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        assertThat(accuracy(saved, DIGITS)).as("the file holds the network of the chosen epoch")
                .isCloseTo(best.testAccuracy(), within(1.0 / DIGITS.testExamples()));
        assertThat(filesIn(root.resolve("chosen"))).containsExactlyInAnyOrder("model.zip",
                file.getFileName().toString());
    }

    @Test
    void validationLossChoosesTheEpochWithTheLowestLoss(@TempDir Path root) {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(1, null, new ModelStore(root)).train(
                spec(6, 0.25, KeepBest.VALIDATION_LOSS), DIGITS, recorder,
                new RunOptions("by-loss", null, CheckpointSchedule.NEVER, SPEC_JSON));
        double lowest = recorder.epochs.stream().mapToDouble(EpochSummary::validationLoss).min().orElseThrow();
        assertThat(result.best().validationLoss()).isEqualTo(lowest);
        assertThat(result.best().score()).isEqualTo(lowest);
    }

    @Test
    void withoutAValidationSplitNothingIsHeldOutAndNoBestModelIsKept(@TempDir Path root) {
        Recorder recorder = new Recorder();
        TrainingResult result = new Trainer(1, null, new ModelStore(root)).train(spec(2, null, null), DIGITS,
                recorder, new RunOptions("plain", null, CheckpointSchedule.NEVER, SPEC_JSON));
        assertThat(result.steps()).isEqualTo(2 * ((DIGITS.trainExamples() + 49) / 50));
        assertThat(result.best()).isNull();
        assertThat(recorder.bests).isEmpty();
        assertThat(recorder.epochs).allSatisfy(epoch -> assertThat(epoch.validationAccuracy()).isNaN());
    }

    @Test
    void aResumedRunKeepsTheBestModelOfItsCheckpointAndEndsWithTheSameChoice(@TempDir Path root) {
        ModelStore models = new ModelStore(root.resolve("models"));
        Trainer trainer = new Trainer(1, new CheckpointStore(root.resolve("checkpoints"), 2), models);
        RunSpec spec = spec(6, 0.2, null);
        CheckpointSchedule everyFourSteps = new CheckpointSchedule(null, 4);
        TrainingResult whole = trainer.train(spec, DIGITS, new Recorder(),
                new RunOptions("whole", null, everyFourSteps, SPEC_JSON));

        Recorder first = new Recorder();
        first.stopAfter = 23;
        trainer.train(spec, DIGITS, first, new RunOptions("split", null, everyFourSteps, SPEC_JSON));
        CheckpointRef last = first.checkpoints.get(first.checkpoints.size() - 1);
        BestModel ofCheckpoint = SavedCheckpoint.of(last).position().best();
        assertThat(ofCheckpoint).as("epochs ended before step %d", last.step()).isNotNull();
        assertThat(models.exists(ofCheckpoint.model()))
                .as("pruning keeps the best model a kept checkpoint refers to").isTrue();

        Recorder resumed = new Recorder();
        TrainingResult result = trainer.train(spec, DIGITS, resumed,
                new RunOptions("split", last, everyFourSteps, SPEC_JSON));
        assertThat(resumed.bests.get(0)).as("reported at the start of the resumed run").isEqualTo(ofCheckpoint);
        assertThat(result.best().step()).isEqualTo(whole.best().step());
        assertThat(result.best().validationAccuracy()).isEqualTo(whole.best().validationAccuracy());
        assertThat(result.best().testAccuracy()).isEqualTo(whole.best().testAccuracy());
    }

    @Test
    void theTrainerDeletesOnlyItsOwnSupersededBestModelsAndNoneTheJobStillPointsAt(@TempDir Path root)
            throws IOException {
        Path run = Files.createDirectories(root.resolve("pruned"));
        Path foreign = Files.writeString(run.resolve("best-step-000000000001.zip"), "an earlier attempt's");
        Recorder recorder = new Recorder() {
            @Override
            public List<BestModel> bestModelsInUse() {
                return bests.isEmpty() ? List.of() : List.of(bests.get(0));
            }
        };
        TrainingResult result = new Trainer(1, null, new ModelStore(root)).train(spec(8, 0.2, null), DIGITS,
                recorder, new RunOptions("pruned", null, CheckpointSchedule.NEVER, SPEC_JSON));

        assertThat(recorder.bests).as("the run improved more than twice").hasSizeGreaterThan(2);
        List<String> expected = new ArrayList<>(List.of("model.zip", foreign.getFileName().toString(),
                fileName(recorder.bests.get(0).model().location()),
                fileName(result.best().model().location())));
        assertThat(filesIn(run)).containsExactlyInAnyOrderElementsOf(expected.stream().distinct().toList());
    }

    @Test
    void aBestModelIsBetterOnlyWhenStrictlySoAndNeverWhenNotFinite() {
        assertThat(KeepBest.VALIDATION_ACCURACY.improves(0.9, Double.NaN)).isTrue();
        assertThat(KeepBest.VALIDATION_ACCURACY.improves(0.9, 0.9)).isFalse();
        assertThat(KeepBest.VALIDATION_ACCURACY.improves(0.91, 0.9)).isTrue();
        assertThat(KeepBest.VALIDATION_LOSS.improves(0.5, 0.4)).isFalse();
        assertThat(KeepBest.VALIDATION_LOSS.improves(0.3, 0.4)).isTrue();
        assertThat(KeepBest.VALIDATION_LOSS.improves(Double.NaN, 0.4)).isFalse();
        assertThat(KeepBest.VALIDATION_LOSS.improves(Double.NEGATIVE_INFINITY, 0.4)).isFalse();
    }

    private static RunSpec spec(int epochs, Double validationFraction, KeepBest keepBest) {
        return new RunSpec(new DatasetRef("mnist-tiny"),
                new NetworkSpec(null, 2, 32, null, InitSpec.DEFAULT).withDefaults(),
                new OptimizerSpec(null, 0.1, null, null).withDefaults(),
                new NoiseSpec(0.01, null, 3L, null, null, null, null).withDefaults(),
                new LoopSpec(epochs, null, 50, 1L).withValidation(validationFraction == null ? 0 : validationFraction,
                        keepBest).withDefaults());
    }

    private static double accuracy(MultiLayerNetwork network, Dataset data) {
        int[] predicted = network.output(data.testFeatures(), false).argMax(1).toIntVector();
        int[] actual = data.testLabels().argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            correct += predicted[i] == actual[i] ? 1 : 0;
        }
        return (double) correct / actual.length;
    }

    private static String fileName(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    /** Keeps what the trainer reports, as {@link TrainerTests}' recorder does, and the best models. */
    static class Recorder extends TrainerTests.Recorder {
        final List<BestModel> bests = new ArrayList<>();

        @Override
        public void bestModelSaved(BestModel best) {
            bests.add(best);
        }
    }
}
