package io.anneal.dataset;

import io.anneal.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Content-addressed files under {@code <root>/blobs}: a file is stored under its SHA-256, so equal
 * contents are stored once. Uploads are staged under {@code <root>/staging/<random>} and moved in by
 * an atomic rename. Every replica must see the same root.
 */
@Component
class DatasetBlobs {

    private final Path root;

    DatasetBlobs(DatasetProperties properties) {
        this.root = Path.of(properties.root());
    }

    /** A fresh staging folder; the caller deletes it with {@link #discard(Path)}. */
    Path stage() throws IOException {
        return Files.createDirectories(root.resolve("staging").resolve(UUID.randomUUID().toString()));
    }

    /** Moves a staged file into the store; returns its SHA-256, the key to open it by. */
    String put(Path staged) throws IOException {
        String sha256 = Sha256.of(staged);
        Path target = file(sha256);
        Files.createDirectories(target.getParent());
        if (!Files.exists(target)) {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return sha256;
    }

    InputStream open(String sha256) throws IOException {
        return Files.newInputStream(file(sha256));
    }

    void delete(String sha256) {
        try {
            Files.deleteIfExists(file(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stored file " + sha256, e);
        }
    }

    /** Deletes a staging folder and everything in it. */
    void discard(Path staging) {
        if (staging == null || !Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete staging folder " + staging, e);
        }
    }

    private Path file(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
