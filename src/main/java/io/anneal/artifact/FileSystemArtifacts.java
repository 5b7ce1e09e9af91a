package io.anneal.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Artifacts as files under one directory: {@code <root>/<key>}. New files are written beside their
 * target and renamed over it atomically, so a reader on any replica mounting the same volume sees the
 * old file or the new one, never half of one.
 */
public final class FileSystemArtifacts implements ArtifactStore {

    private final Path root;

    public FileSystemArtifacts(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The file of {@code key}. */
    public Path file(String key) {
        return root.resolve(ArtifactStore.checkKey(key));
    }

    @Override
    public String describe(String key) {
        return file(key).toAbsolutePath().normalize().toString();
    }

    @Override
    public Path newFile(String key) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = file(key);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy beside the target first, so the rename stays atomic
                Path beside = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
                try {
                    Files.copy(file, beside, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(beside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(beside);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(file(key));
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        Path file = file(key);
        try {
            return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        Path directory = file(folder);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file)) {
                    keys.add(folder + "/" + file.getFileName());
                }
            }
        }
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public void deleteFolder(String folder) throws IOException {
        Folders.delete(file(folder), "the files under " + folder);
    }

    @Override
    public String toString() {
        return root.toAbsolutePath().normalize().toString();
    }
}
