package io.anneal.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The one way a folder of files a job or an upload left is deleted. */
public final class Folders {

    private Folders() {
    }

    /**
     * Deletes {@code folder} and everything under it, if it exists.
     *
     * @param what what the folder holds, for the message when it cannot be deleted
     */
    public static void delete(Path folder, String what) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + what + " in " + folder, e);
        }
    }
}
