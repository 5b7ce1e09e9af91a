package io.anneal.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Files every replica can read: checkpoints, trained models and uploaded datasets, each kind in its own
 * area. A file is named by a key of slash-separated segments ({@code <job>/model.zip}); it is written
 * locally first ({@link #newFile}) and becomes visible to every replica, complete or not at all, by
 * {@link #put}. Readers check the SHA-256 they recorded: the store itself promises only whole files.
 */
public interface ArtifactStore {

    /** Where {@code key} lives, for messages: a path, or {@code s3://bucket/prefix/key}. */
    String describe(String key);

    /**
     * A new local file to write the contents of {@code key} into before {@link #put}; deleted by
     * {@code put}, or by the caller when it gives up.
     */
    Path newFile(String key) throws IOException;

    /** Makes {@code file} (from {@link #newFile}) the contents of {@code key}, replacing any; consumes it. */
    void put(String key, Path file) throws IOException;

    /** @throws NoSuchFileException when there is no file under {@code key} */
    InputStream open(String key) throws IOException;

    /** The size of the file under {@code key}, empty when there is none. */
    OptionalLong size(String key) throws IOException;

    /** The keys of the files directly in {@code folder} (a key prefix without its trailing slash). */
    List<String> list(String folder) throws IOException;

    /** Deletes the file under {@code key}, if there is one. */
    void delete(String key) throws IOException;

    /** Deletes every file under {@code folder}. */
    void deleteFolder(String folder) throws IOException;

    /** Reads the whole file under {@code key}. */
    default byte[] read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }

    /** Refuses keys that could leave the store's area: empty segments, {@code .} and {@code ..}. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("not a storage key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw new IllegalArgumentException("not a storage key: " + key);
            }
        }
        return key;
    }
}
