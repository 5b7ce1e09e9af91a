package io.anneal.training.internal.checkpoint;

import io.anneal.artifact.ArtifactStorage;
import io.anneal.artifact.ArtifactStore;
import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.FileSystemArtifacts;
import io.anneal.artifact.Sha256;
import io.anneal.training.CheckpointUnreadableException;
import io.anneal.training.CheckpointUnusableException;
import io.anneal.training.internal.TrainingPosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes and reads checkpoints as {@code <run>/step-<step>.zip} in the checkpoint area of the artifact
 * storage. A checkpoint becomes visible only whole; reading it back checks the SHA-256 recorded when it
 * was written. Checkpoints recorded before the storage had areas name their file by its path, and are
 * read from there.
 */
@Component
public class CheckpointStore {

    /** How a recorded location names a key of this store rather than a file path. */
    static final String STORED = "store:";
    private final ArtifactStore store;
    private final int keep;

    @Autowired
    public CheckpointStore(CheckpointProperties properties, ArtifactStorage storage) {
        this(storage.area("checkpoints", properties.root()), properties.keep());
    }

    public CheckpointStore(Path root, int keep) {
        this(new FileSystemArtifacts(root), keep);
    }

    public CheckpointStore(ArtifactStore store, int keep) {
        this.store = store;
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
        String key = run + "/step-%012d.zip".formatted(position.step());
        try {
            Path partial = store.newFile(key);
            try {
                MessageDigest digest = Sha256.digest();
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                    ModelSerializer.writeModel(network, out, true);
                }
                store.put(key, partial);
                prune(run, fileNameOf(resumable));
                return new SavedCheckpoint(STORED + key, Sha256.hex(digest.digest()), position).toRef(Instant.now());
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of " + run + " at step " + position.step()
                    + " to " + store.describe(key), e);
        }
    }

    /**
     * @throws CheckpointUnreadableException if the file is missing or the storage fails
     * @throws CheckpointUnusableException if its SHA-256 differs or it does not restore
     */
    public MultiLayerNetwork load(SavedCheckpoint checkpoint) {
        String where = describe(checkpoint.path());
        byte[] bytes;
        try {
            bytes = checkpoint.path().startsWith(STORED) ? store.read(checkpoint.path().substring(STORED.length()))
                    : Files.readAllBytes(Path.of(checkpoint.path()));
        } catch (NoSuchFileException e) {
            throw new CheckpointUnreadableException(where + " is not there");
        } catch (IOException e) {
            throw new CheckpointUnreadableException("cannot read " + where + ": " + e.getMessage());
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(checkpoint.sha256())) {
            throw new CheckpointUnusableException(where + " has SHA-256 " + actual + ", recorded "
                    + checkpoint.sha256());
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointUnusableException("cannot restore checkpoint " + where + ": " + e.getMessage());
        }
    }

    /** Where a recorded checkpoint lives, for messages. */
    public String describe(String location) {
        return location.startsWith(STORED) ? store.describe(location.substring(STORED.length())) : location;
    }

    /** The file name of the checkpoint pruning must keep; none when there is none or its reference is unreadable. */
    private static String fileNameOf(CheckpointRef resumable) {
        try {
            return resumable == null ? null : fileName(SavedCheckpoint.of(resumable).path());
        } catch (CheckpointUnusableException e) {
            return null;
        }
    }

    private static String fileName(String location) {
        return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
    }

    public void deleteAll(String run) {
        try {
            store.deleteFolder(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoints of " + run, e);
        }
    }

    private void prune(String run, String resumable) throws IOException {
        List<String> checkpoints = store.list(run).stream().filter(key -> key.endsWith(".zip"))
                .sorted(Comparator.reverseOrder()).toList();
        for (String old : checkpoints.subList(Math.min(keep, checkpoints.size()), checkpoints.size())) {
            if (!fileName(old).equals(resumable)) {
                store.delete(old);
            }
        }
    }
}
