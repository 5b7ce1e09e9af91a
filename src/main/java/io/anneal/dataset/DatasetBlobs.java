package io.anneal.dataset;

import io.anneal.artifact.ArtifactStorage;
import io.anneal.artifact.ArtifactStore;
import io.anneal.artifact.Folders;
import io.anneal.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Content-addressed files under {@code blobs/} of the dataset area of the artifact storage: a file is
 * stored under its SHA-256, so equal contents are stored once. Uploads are staged locally under
 * {@code <root>/staging/<random>} and stored whole once checked.
 */
@Component
class DatasetBlobs {

    private static final Logger log = LoggerFactory.getLogger(DatasetBlobs.class);
    private final Path root;
    private final ArtifactStore store;

    DatasetBlobs(DatasetProperties properties, ArtifactStorage storage) {
        this.root = Path.of(properties.root());
        this.store = storage.area("datasets", properties.root());
    }

    /** A fresh staging folder; the caller deletes it with {@link #discard(Path)}. */
    Path stage() throws IOException {
        return Files.createDirectories(root.resolve("staging").resolve(UUID.randomUUID().toString()));
    }

    /** The key a staged file will be stored under: its SHA-256. */
    String key(Path staged) throws IOException {
        return Sha256.of(staged);
    }

    /**
     * Moves a staged file into the store under {@code sha256}, unless the store holds that content
     * already. The caller holds the content's lock (see {@link DatasetUploads}), so a deletion of the
     * same content cannot interleave.
     */
    void moveIn(Path staged, String sha256) {
        String key = key(sha256);
        try {
            if (store.size(key).isEmpty()) {
                store.put(key, staged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + staged + " as " + store.describe(key), e);
        }
    }

    InputStream open(String sha256) throws IOException {
        return store.open(key(sha256));
    }

    void delete(String sha256) {
        try {
            store.delete(key(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete stored file " + sha256, e);
        }
    }

    /**
     * At start, deletes staging folders an earlier process left when it died mid-upload: those older than
     * an hour, so the uploads of other replicas sharing the store go on.
     */
    @EventListener(ApplicationReadyEvent.class)
    void sweepStaging() {
        Path staging = root.resolve("staging");
        if (!Files.isDirectory(staging)) {
            return;
        }
        Instant before = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> folders = Files.list(staging)) {
            for (Path folder : folders.toList()) {
                if (Files.getLastModifiedTime(folder).toInstant().isBefore(before)) {
                    discard(folder);
                    log.info("Deleted {}, left by an upload that never finished", folder);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Cannot sweep the upload staging folder {}: {}", staging, e.getMessage());
        }
    }

    /** Deletes a staging folder and everything in it. */
    void discard(Path staging) {
        Folders.delete(staging, "an upload's staging files");
    }

    private static String key(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return "blobs/" + sha256.substring(0, 2) + "/" + sha256;
    }
}
