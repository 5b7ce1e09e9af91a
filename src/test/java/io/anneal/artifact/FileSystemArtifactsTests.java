package io.anneal.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactsTests extends ArtifactStoreContract {

    @TempDir
    Path root;

    @Override
    ArtifactStore store() {
        return new FileSystemArtifacts(root);
    }

    @Override
    long largeFileBytes() {
        return 8L * 1024 * 1024;
    }

    @Test
    void filesKeepTheLayoutEarlierReleasesWrote() throws IOException {
        ArtifactStore store = store();
        Path file = store.newFile("0b5e/model.zip");
        assertThat(file.getParent()).as("written beside the target, so the rename is atomic")
                .isEqualTo(root.resolve("0b5e"));
        Files.writeString(file, "zip");
        store.put("0b5e/model.zip", file);
        assertThat(root.resolve("0b5e/model.zip")).hasContent("zip");
        assertThat(store.describe("0b5e/model.zip")).isEqualTo(root.resolve("0b5e/model.zip").toAbsolutePath()
                .normalize().toString());
    }

    @Test
    void aFileFromAnotherDirectoryIsCopiedInAndStillAppearsWhole(@TempDir Path elsewhere) throws IOException {
        ArtifactStore store = store();
        Path staged = Files.writeString(elsewhere.resolve("staged"), "uploaded rows");
        store.put("blobs/ab/abcdef", staged);
        assertThat(store.read("blobs/ab/abcdef")).isEqualTo("uploaded rows".getBytes());
        assertThat(staged).doesNotExist();
        try (var files = Files.list(root.resolve("blobs/ab"))) {
            assertThat(files).as("no partial file left behind").containsExactly(root.resolve("blobs/ab/abcdef"));
        }
    }
}
