package io.anneal.training.internal.checkpoint;

import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.Folders;
import io.anneal.artifact.Sha256;
import io.anneal.training.CheckpointUnusableException;
import io.anneal.training.internal.TrainingPosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes and reads checkpoints under {@code root/<run>/}. A checkpoint becomes visible only by an
 * atomic rename of a complete file; reading it back checks the SHA-256 recorded when it was written.
 */
@Component
public class CheckpointStore {

    private final Path root;
    private final int keep;

    @Autowired
    public CheckpointStore(CheckpointProperties properties) {
        this(Path.of(properties.root()), properties.keep());
    }

    public CheckpointStore(Path root, int keep) {
        this.root = root;
        this.keep = keep;
    }

    /** How many of a run's newest checkpoints are kept. */
    public int keep() {
        return keep;
    }

    public CheckpointRef save(String run, MultiLayerNetwork network, TrainingPosition position) {
        return save(run, network, position, null);
    }

    /**
     * Saves a checkpoint and prunes all but the newest {@code keep}, never {@code resumable} (the one
     * recorded on the job, which may be older when recording fell behind).
     */
    public CheckpointRef save(String run, MultiLayerNetwork network, TrainingPosition position,
            CheckpointRef resumable) {
        Path directory = root.resolve(run);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve("step-%012d.zip".formatted(position.step()));
            Path partial = Files.createTempFile(directory, "checkpoint", ".part");
            try {
                MessageDigest digest = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                    ModelSerializer.writeModel(network, out, true);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(directory, fileOf(resumable));
                return new SavedCheckpoint(target.toString(), Sha256.hex(digest.digest()), position)
                        .toRef(Instant.now());
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of " + run + " at step " + position.step(), e);
        }
    }

    /** @throws CheckpointUnusableException if the file is missing or its SHA-256 differs */
    public MultiLayerNetwork load(SavedCheckpoint checkpoint) {
        Path file = Path.of(checkpoint.path());
        try {
            byte[] bytes = Files.readAllBytes(file);
            String actual = Sha256.of(bytes);
            if (!actual.equals(checkpoint.sha256())) {
                throw new CheckpointUnusableException(file + " has SHA-256 " + actual + ", recorded "
                        + checkpoint.sha256());
            }
            try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
                return ModelSerializer.restoreMultiLayerNetwork(in, true);
            }
        } catch (IOException e) {
            throw new CheckpointUnusableException("cannot read checkpoint " + file + ": " + e.getMessage());
        }
    }

    /** The file of the checkpoint pruning must keep; none when there is none or its reference is unreadable. */
    private static Path fileOf(CheckpointRef resumable) {
        try {
            return resumable == null ? null : Path.of(SavedCheckpoint.of(resumable).path());
        } catch (CheckpointUnusableException e) {
            return null;
        }
    }

    public void deleteAll(String run) {
        Folders.delete(root.resolve(run), "the checkpoints of " + run);
    }

    private void prune(Path directory, Path resumable) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> checkpoints = files.filter(file -> file.getFileName().toString().endsWith(".zip"))
                    .sorted(Comparator.reverseOrder()).toList();
            for (Path old : checkpoints.subList(Math.min(keep, checkpoints.size()), checkpoints.size())) {
                if (resumable == null || !old.toAbsolutePath().normalize().equals(resumable.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }
}
