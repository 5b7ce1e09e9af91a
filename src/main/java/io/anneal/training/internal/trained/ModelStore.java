package io.anneal.training.internal.trained;

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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Writes a job's final model as {@code <root>/<run>/model.zip}: the network (no updater state), an
 * {@link ImagePreProcessingScaler} that maps 0-255 pixels to [0, 1] as in training, and the job spec
 * as {@code anneal-spec.json}. The file appears by an atomic rename of a complete zip. The scaler
 * entry is written here rather than by ModelSerializer, whose normalizer path fails with the
 * commons-io of this classpath.
 */
@Component
public class ModelStore {

    /** A flat name: DL4J refuses zips with directory entries. */
    static final String SPEC_ENTRY = "anneal-spec.json";
    private final Path root;

    @Autowired
    public ModelStore(ArtifactProperties properties) {
        this(Path.of(properties.root()));
    }

    public ModelStore(Path root) {
        this.root = root;
    }

    /** Deletes the model of {@code run}, if it has one. */
    public void delete(String run) {
        Path directory = root.resolve(run);
        try {
            Files.deleteIfExists(directory.resolve("model.zip"));
            Files.deleteIfExists(directory.resolve("model.zip.part"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the model of " + run, e);
        }
    }

    public ModelRef save(String run, MultiLayerNetwork network, String specJson) {
        Path directory = root.resolve(run);
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve("model.zip");
            Path partial = directory.resolve("model.zip.part");
            ModelSerializer.writeModel(network, partial.toFile(), false);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + partial.toUri()), Map.of())) {
                try (OutputStream out = Files.newOutputStream(zip.getPath(ModelSerializer.NORMALIZER_BIN))) {
                    NormalizerSerializer.getDefault().write(new ImagePreProcessingScaler(0, 1), out);
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
