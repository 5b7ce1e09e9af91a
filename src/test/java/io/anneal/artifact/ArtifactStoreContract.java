package io.anneal.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every artifact store promises; each implementation runs it against a real backing store. */
abstract class ArtifactStoreContract {

    /** A store over an empty area. */
    abstract ArtifactStore store() throws IOException;

    /** Files at least this large go up in parts (the store's multipart threshold). */
    abstract long largeFileBytes();

    private static Path write(ArtifactStore store, String key, byte[] bytes) throws IOException {
        Path file = store.newFile(key);
        Files.write(file, bytes);
        store.put(key, file);
        assertThat(file).as("put consumes its file").doesNotExist();
        return file;
    }

    @Test
    void aFileReadsBackWithItsSizeAndIsReplacedWhole() throws IOException {
        ArtifactStore store = store();
        write(store, "run-1/model.zip", "first".getBytes());
        assertThat(store.read("run-1/model.zip")).isEqualTo("first".getBytes());
        assertThat(store.size("run-1/model.zip")).isEqualTo(OptionalLong.of(5));

        write(store, "run-1/model.zip", "the second version".getBytes());
        assertThat(store.read("run-1/model.zip")).isEqualTo("the second version".getBytes());
        assertThat(store.size("run-1/model.zip")).isEqualTo(OptionalLong.of(18));
    }

    @Test
    void aMissingFileIsNoSuchFileAndHasNoSize() throws IOException {
        ArtifactStore store = store();
        assertThatThrownBy(() -> store.open("run-1/step-000000000010.zip")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("run-1/step-000000000010.zip");
        assertThat(store.size("run-1/step-000000000010.zip")).isEmpty();
        store.delete("run-1/step-000000000010.zip");
        store.deleteFolder("run-1");
        assertThat(store.list("run-1")).isEmpty();
    }

    @Test
    void aFolderListsOnlyItsOwnFilesAndIsDeletedWithEverythingInIt() throws IOException {
        ArtifactStore store = store();
        write(store, "run-1/step-000000000002.zip", new byte[] {2});
        write(store, "run-1/step-000000000001.zip", new byte[] {1});
        write(store, "run-10/step-000000000001.zip", new byte[] {3});
        write(store, "run-1/inner/file", new byte[] {4});

        assertThat(store.list("run-1")).containsExactlyInAnyOrder("run-1/step-000000000001.zip",
                "run-1/step-000000000002.zip");
        store.delete("run-1/step-000000000001.zip");
        assertThat(store.list("run-1")).containsExactly("run-1/step-000000000002.zip");

        store.deleteFolder("run-1");
        assertThat(store.list("run-1")).isEmpty();
        assertThat(store.size("run-1/inner/file")).isEmpty();
        assertThat(store.read("run-10/step-000000000001.zip")).as("a folder whose name starts the same stays")
                .containsExactly(3);
    }

    @Test
    void aLargeFileArrivesWholeByteForByte() throws IOException {
        ArtifactStore store = store();
        byte[] large = new byte[Math.toIntExact(largeFileBytes() * 2 + 12_345)];
        new Random(7).nextBytes(large);
        write(store, "datasets/large.bin", large);
        assertThat(store.size("datasets/large.bin")).isEqualTo(OptionalLong.of(large.length));
        assertThat(Sha256.of(store.read("datasets/large.bin"))).isEqualTo(Sha256.of(large));
    }

    @Test
    void keysThatCouldLeaveTheAreaAreRefused() throws IOException {
        ArtifactStore store = store();
        for (String key : new String[] {"../escape", "run/../../escape", "/absolute", "run//model.zip", "run/",
                "", "run\\model.zip", "./model.zip"}) {
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.newFile(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
