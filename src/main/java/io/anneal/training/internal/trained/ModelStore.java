package io.anneal.training.internal.trained;

import io.anneal.artifact.Folders;
import io.anneal.artifact.ModelRef;
import io.anneal.artifact.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * Writes a job's final model as {@code <root>/<run>/model.zip}, and the best models it keeps as
 * {@code best-step-<step>.zip} beside it: the network (no updater state), the input scaling of
 * training as a DL4J normalizer (an {@link ImagePreProcessingScaler} that maps 0-255 pixels to [0, 1],
 * or a {@link NormalizerStandardize} with the training split's statistics; none for a table used as it
 * is), the same in plain words as {@code anneal-input.json}, and the job spec as {@code anneal-spec.json}. The file appears by an atomic rename of a complete zip. The scaler
 * entry is written here rather than by ModelSerializer, whose normalizer path fails with the
 * commons-io of this classpath.
 */
@Component
public class ModelStore {

    /** A flat name: DL4J refuses zips with directory entries. */
    static final String SPEC_ENTRY = "anneal-spec.json";
    /** How inputs were scaled: pixels, identity, or standardize with each feature's mean and std. */
    static final String SCALING_ENTRY = "anneal-input.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BEST_PREFIX = "best-step-";
    private final Path root;

    @Autowired
    public ModelStore(ArtifactProperties properties) {
        this(Path.of(properties.root()));
    }

    public ModelStore(Path root) {
        this.root = root;
    }

    /** Deletes every model of {@code run} (final and best), if it has any. */
    public void delete(String run) {
        Folders.delete(root.resolve(run), "the models of " + run);
    }

    /**
     * Deletes the best models of {@code run} whose location is not in {@code keep}; the final model
     * stays.
     */
    public void pruneBest(String run, Set<String> keep) {
        Path directory = root.resolve(run);
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<Path> kept = keep.stream().map(location -> Path.of(location).toAbsolutePath().normalize())
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                boolean best = name.startsWith(BEST_PREFIX) && (name.endsWith(".zip") || name.endsWith(".zip.part"));
                if (best && !kept.contains(file.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the best models of " + run, e);
        }
    }

    /** Deletes one best model file (and a partial write of it) of {@code run}. */
    public void deleteBest(String run, String location) {
        Path file = Path.of(location);
        if (!file.getFileName().toString().startsWith(BEST_PREFIX)
                || !file.toAbsolutePath().normalize().startsWith(root.resolve(run).toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(location + " is no best model of " + run);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the best model " + location, e);
        }
    }

    /** Whether the file of {@code model} is there with the recorded size. */
    public boolean exists(ModelRef model) {
        Path file = Path.of(model.location());
        try {
            return Files.isRegularFile(file) && Files.size(file) == model.bytes();
        } catch (IOException e) {
            return false;
        }
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
        Path directory = root.resolve(run);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(fileName);
            Path partial = directory.resolve(fileName + ".part");
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
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new ModelRef(target.toString(), sha256, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model of " + run, e);
        }
    }
}
