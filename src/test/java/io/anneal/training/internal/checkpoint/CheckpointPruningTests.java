package io.anneal.training.internal.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.artifact.CheckpointRef;
import io.anneal.training.internal.TrainingPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Pruning keeps the newest checkpoints and, always, the one a restart would resume from. */
class CheckpointPruningTests {

    private final MultiLayerNetwork network = network();

    @Test
    void onlyTheNewestAreKept(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root, 2);
        for (long step = 1; step <= 5; step++) {
            store.save("run", network, position(step));
        }
        assertThat(files(root)).containsExactly("step-000000000004.zip", "step-000000000005.zip");
    }

    @Test
    void theCheckpointRecordedOnTheJobSurvivesWhileNewerOnesPileUp(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root, 2);
        CheckpointRef recorded = store.save("run", network, position(1));
        for (long step = 2; step <= 5; step++) {
            store.save("run", network, position(step), recorded);
        }
        assertThat(files(root)).containsExactly("step-000000000001.zip", "step-000000000004.zip",
                "step-000000000005.zip");
        assertThat(store.load(SavedCheckpoint.of(recorded)).numParams()).isEqualTo(network.numParams());
    }

    @Test
    void inABucketTooOnlyTheNewestAndTheRecordedOneAreKeptAndTheyLoadBack(@TempDir Path scratch) throws IOException {
        io.anneal.artifact.StorageProperties.S3 s3 = io.anneal.support.S3Server.get().newBucket("");
        CheckpointStore store = new CheckpointStore(new io.anneal.artifact.S3Artifacts(
                io.anneal.artifact.ArtifactStorage.client(s3), s3.bucket(), "checkpoints/", scratch,
                s3.multipartThreshold().toBytes(), Math.toIntExact(s3.partSize().toBytes())), 2);
        CheckpointRef recorded = store.save("run", network, position(1));
        for (long step = 2; step <= 5; step++) {
            store.save("run", network, position(step), recorded);
        }
        assertThat(io.anneal.support.S3Server.get().keys(s3.bucket())).containsExactly(
                "checkpoints/run/step-000000000001.zip", "checkpoints/run/step-000000000004.zip",
                "checkpoints/run/step-000000000005.zip");
        assertThat(store.load(SavedCheckpoint.of(recorded)).numParams()).isEqualTo(network.numParams());
        store.deleteAll("run");
        assertThat(io.anneal.support.S3Server.get().keys(s3.bucket())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.load(SavedCheckpoint.of(recorded)))
                .isInstanceOf(io.anneal.training.CheckpointUnreadableException.class)
                .hasMessageContaining("s3://" + s3.bucket() + "/checkpoints/run/step-000000000001.zip is not there");
    }

    @Test
    void aCheckpointRecordedByItsPathBeforeStorageAreasStillLoads(@TempDir Path root) throws IOException {
        CheckpointStore store = new CheckpointStore(root, 2);
        SavedCheckpoint saved = SavedCheckpoint.of(store.save("run", network, position(3)));
        Path file = Path.of(store.describe(saved.path()));
        SavedCheckpoint legacy = new SavedCheckpoint(file.toString(), saved.sha256(), saved.position());
        assertThat(store.load(legacy).numParams()).isEqualTo(network.numParams());
    }

    private static TrainingPosition position(long step) {
        return new TrainingPosition(step, 1, (int) step, 0, step, Double.NaN, Double.NaN);
    }

    private static java.util.List<String> files(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("run"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build()).build());
        network.init();
        return network;
    }
}
