package io.anneal.bench;

import io.anneal.artifact.ModelRef;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.RunSpec;
import io.anneal.training.EpochSummary;
import io.anneal.training.SampledUpdate;
import io.anneal.training.TrainedNetworks;
import io.anneal.training.TrainingObserver;
import io.anneal.training.internal.RunOptions;
import io.anneal.training.internal.Trainer;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.trained.ArtifactProperties;
import io.anneal.training.internal.trained.ModelStore;
import io.anneal.training.internal.trained.SavedNetworks;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Using a trained model: prediction latency for 1 and 100 instances with the model cached, and the
 * time to evaluate it on the 1,000 test digits of mnist-10k.
 */
public final class ModelBenchmark {

    private ModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchData.oneNd4jThread();
        Dataset digits = BenchData.mnist10k();
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "anneal-bench-models");
        RunSpec spec = new RunSpec(new DatasetRef("mnist-10k"), new NetworkSpec(null, 2, 100, null, null).withDefaults(),
                new OptimizerSpec(OptimizerType.NESTEROVS, 0.05, null, null).withDefaults(), null,
                new LoopSpec(2, null, 32, 1L).withDefaults());
        ModelRef model = new Trainer(100, null, new ModelStore(root)).train(spec, digits, new Quiet(),
                new RunOptions("bench", null, CheckpointSchedule.NEVER, "{}")).model();
        SavedNetworks models = new SavedNetworks(new ArtifactProperties(root.toString(), 8), BenchData.catalog(), new ModelStore(root));
        float[][] one = rows(digits, 1);
        float[][] hundred = rows(digits, 100);
        models.predict(model, one);
        double[] single = time(() -> models.predict(model, one), 2000);
        double[] batch = time(() -> models.predict(model, hundred), 500);
        double[] evaluation = time(() -> models.evaluate(model, "mnist-10k", TrainedNetworks.Split.TEST), 20);
        System.out.printf("%n2 x 100 MLP trained on mnist-10k, 1 ND4J thread, model cached%n");
        System.out.printf("predict 1 instance:    p50 %.3f ms, p99 %.3f ms%n", BenchData.percentile(single, 50),
                BenchData.percentile(single, 99));
        System.out.printf("predict 100 instances: p50 %.3f ms, p99 %.3f ms%n", BenchData.percentile(batch, 50),
                BenchData.percentile(batch, 99));
        System.out.printf("evaluate 1,000 digits: median %.1f ms%n", BenchData.median(evaluation));
    }

    private static float[][] rows(Dataset digits, int count) {
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = digits.testFeatures().getRow(i).toFloatVector();
        }
        return rows;
    }

    private static double[] time(Runnable action, int repeats) {
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            action.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /** Training progress is not what this benchmark measures. */
    private static final class Quiet implements TrainingObserver {
        @Override
        public void started(long totalSteps) {
        }

        @Override
        public void stepSampled(SampledUpdate progress) {
        }

        @Override
        public void epochEnded(EpochSummary summary) {
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }
}
