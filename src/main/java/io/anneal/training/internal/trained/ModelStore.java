package io.anneal.training.internal.trained;

import io.anneal.artifact.ArtifactStorage;
import io.anneal.artifact.ArtifactStore;
import io.anneal.artifact.FileSystemArtifacts;
import io.anneal.artifact.ModelRef;
import io.anneal.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a job's final model as {@code <run>/model.zip} in the model area of the artifact storage, and
 * the best models it keeps as {@code best-step-<step>.zip} beside it: the network (no updater state), the input scaling of
 * training as a DL4J normalizer (an {@link ImagePreProcessingScaler} that maps 0-255 pixels to [0, 1],
 * or a {@link NormalizerStandardize} with the training split's statistics; none for a table used as it
 * is), the same in plain words as {@code anneal-input.json}, and the job spec as {@code anneal-spec.json}.
 * The zip is built locally and then stored whole. Models recorded before the storage had areas name
 * their file by its path, and are read from there. The scaler
 * entry is written here rather than by ModelSerializer, whose normalizer path fails with the
 * commons-io of this classpath.
 */
@Component
public class ModelStore {

    /** A flat name: DL4J refuses zips with directory entries. */
    static final String SPEC_ENTRY = "anneal-spec.json";
    /** How inputs were scaled: pixels, identity, or standardize with each feature's mean and std. */
    static final String SCALING_ENTRY = "anneal-input.json";
    /** How a recorded location names a key of this store rather than a file path. */
    static final String STORED = "store:";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BEST_PREFIX = "best-step-";
    private final ArtifactStore store;

    @Autowired
    public ModelStore(ArtifactProperties properties, ArtifactStorage storage) {
        this(storage.area("models", properties.root()));
    }

    public ModelStore(Path root) {
        this(new FileSystemArtifacts(root));
    }

    public ModelStore(ArtifactStore store) {
        this.store = store;
    }

    /** Deletes every model of {@code run} (final and best), if it has any. */
    public void delete(String run) {
        try {
            store.deleteFolder(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the models of " + run, e);
        }
    }

    /**
     * Deletes the best models of {@code run} whose location is not in {@code keep}; the final model
     * stays.
     */
    public void pruneBest(String run, Set<String> keep) {
        Set<String> kept = keep.stream().map(ModelStore::fileName).collect(Collectors.toSet());
        try {
            for (String key : store.list(run)) {
                String name = fileName(key);
                if (name.startsWith(BEST_PREFIX) && !kept.contains(name)) {
                    store.delete(key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the best models of " + run, e);
        }
    }

    /** Deletes one best model file of {@code run}. */
    public void deleteBest(String run, String location) {
        String name = fileName(location);
        boolean ofRun = location.startsWith(STORED) ? location.equals(STORED + run + "/" + name)
                : Path.of(location).getParent() != null && Path.of(location).getParent().getFileName() != null
                        && Path.of(location).getParent().getFileName().toString().equals(run);
        if (!name.startsWith(BEST_PREFIX) || !ofRun) {
            throw new IllegalArgumentException(location + " is no best model of " + run);
        }
        try {
            if (location.startsWith(STORED)) {
                store.delete(location.substring(STORED.length()));
            } else {
                Files.deleteIfExists(Path.of(location));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the best model " + describe(location), e);
        }
    }

    /** Whether the file of {@code model} is there with the recorded size. */
    public boolean exists(ModelRef model) {
        try {
            OptionalLong size = model.location().startsWith(STORED)
                    ? store.size(model.location().substring(STORED.length()))
                    : Files.isRegularFile(Path.of(model.location())) ? OptionalLong.of(Files.size(Path.of(model.location())))
                            : OptionalLong.empty();
            return size.isPresent() && size.getAsLong() == model.bytes();
        } catch (IOException e) {
            return false;
        }
    }

    /** The bytes of {@code model}'s file as they are stored (the caller checks them against its SHA-256). */
    public InputStream open(ModelRef model) throws IOException {
        return model.location().startsWith(STORED) ? store.open(model.location().substring(STORED.length()))
                : Files.newInputStream(Path.of(model.location()));
    }

    /** Where a model's file lives, for messages. */
    public String describe(String location) {
        return location.startsWith(STORED) ? store.describe(location.substring(STORED.length())) : location;
    }

    private static String fileName(String location) {
        return location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
    }

    /** Saves the final model of {@code run} as {@code model.zip}. */
    public ModelRef save(String run, MultiLayerNetwork network, String specJson) {
        return save(run, network, specJson, InputScaling.PIXELS);
    }

    /** Saves the final model of {@code run} as {@code model.zip}, with how its inputs are scaled. */
    public ModelRef save(String run, MultiLayerNetwork network, String specJson, InputScaling scaling) {
        return write(run, "model.zip", network, specJson, scaling);
    }

    /**
     * Saves a best model of {@code run}, taken after {@code step} updates, as its own file: a checkpoint
     * taken before it may still refer to an earlier one.
     */
    public ModelRef saveBest(String run, long step, MultiLayerNetwork network, String specJson,
            InputScaling scaling) {
        return write(run, BEST_PREFIX + "%012d.zip".formatted(step), network, specJson, scaling);
    }

    private ModelRef write(String run, String fileName, MultiLayerNetwork network, String specJson,
            InputScaling scaling) {
        String key = run + "/" + fileName;
        try {
            Path partial = store.newFile(key);
            try {
                ModelSerializer.writeModel(network, partial.toFile(), false);
                try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + partial.toUri()), Map.of())) {
                    if (scaling.kind() != InputScaling.Kind.IDENTITY) {
                        try (OutputStream out = Files.newOutputStream(zip.getPath(ModelSerializer.NORMALIZER_BIN))) {
                            NormalizerSerializer.getDefault().write(scaling.standardizes()
                                    ? new NormalizerStandardize(Nd4j.createFromArray(scaling.mean()).castTo(DataType.FLOAT),
                                            Nd4j.createFromArray(scaling.std()).castTo(DataType.FLOAT))
                                    : new ImagePreProcessingScaler(0, 1), out);
                        }
                    }
                    try (OutputStream out = Files.newOutputStream(zip.getPath(SCALING_ENTRY))) {
                        out.write(JSON.writeValueAsBytes(scaling.standardizes()
                                ? Map.of("scaling", "standardize", "mean", scaling.mean(), "std", scaling.std())
                                : Map.of("scaling", scaling.kind().name().toLowerCase())));
                    }
                    try (OutputStream out = Files.newOutputStream(zip.getPath(SPEC_ENTRY))) {
                        out.write(specJson.getBytes(StandardCharsets.UTF_8));
                    }
                }
                String sha256 = Sha256.of(partial);
                long bytes = Files.size(partial);
                store.put(key, partial);
                return new ModelRef(STORED + key, sha256, bytes);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model of " + run + " to " + store.describe(key), e);
        }
    }
}
