package io.anneal.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anneal.support.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against S3Proxy, a real S3-compatible server, with 5 MiB parts above 6 MiB. */
class S3ArtifactsTests extends ArtifactStoreContract {

    @TempDir
    Path scratch;

    @Override
    ArtifactStore store() {
        return store(S3Server.get().newBucket("anneal/"), "models/");
    }

    private S3Artifacts store(StorageProperties.S3 s3, String area) {
        return new S3Artifacts(ArtifactStorage.client(s3), s3.bucket(), s3.keyPrefix() + area, scratch,
                s3.multipartThreshold().toBytes(), Math.toIntExact(s3.partSize().toBytes()));
    }

    @Override
    long largeFileBytes() {
        return 6L * 1024 * 1024;
    }

    @Test
    void objectsLiveUnderThePrefixAndAreaAndNothingElseIsLeft() throws IOException {
        StorageProperties.S3 s3 = S3Server.get().newBucket("team-a");
        S3Artifacts store = store(s3, "checkpoints/");
        Path file = store.newFile("run-1/step-000000000005.zip");
        assertThat(file.getParent()).isEqualTo(scratch);
        Files.writeString(file, "checkpoint");
        store.put("run-1/step-000000000005.zip", file);

        assertThat(S3Server.get().keys(s3.bucket())).containsExactly("team-a/checkpoints/run-1/step-000000000005.zip");
        assertThat(store.describe("run-1/step-000000000005.zip"))
                .isEqualTo("s3://" + s3.bucket() + "/team-a/checkpoints/run-1/step-000000000005.zip");
        try (var left = Files.list(scratch)) {
            assertThat(left).as("the local copy is gone once stored").isEmpty();
        }
    }

    @Test
    void aFailedUploadSaysWhichObjectAndDropsTheLocalCopy() throws IOException {
        StorageProperties.S3 s3 = S3Server.get().newBucket("");
        S3Artifacts store = store(s3, "datasets/");
        Path file = store.newFile("blobs/large");
        Files.write(file, new byte[7 * 1024 * 1024]);
        try (S3Client client = ArtifactStorage.client(s3)) {
            client.deleteBucket(request -> request.bucket(s3.bucket()));
        }
        assertThatThrownBy(() -> store.put("blobs/large", file)).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://" + s3.bucket() + "/datasets/blobs/large");
        assertThat(file).as("the local copy is dropped either way").doesNotExist();
    }

    @Test
    void anUnreachableStoreIsAnIOExceptionNamingTheObject() {
        StorageProperties.S3 s3 = new StorageProperties.S3("absent", "", "us-east-1", "http://127.0.0.1:9", true,
                S3Server.ACCESS_KEY, S3Server.SECRET_KEY, org.springframework.util.unit.DataSize.ofMegabytes(16),
                org.springframework.util.unit.DataSize.ofMegabytes(8));
        S3Artifacts store = store(s3, "models/");
        assertThatThrownBy(() -> store.open("run/model.zip")).isInstanceOf(IOException.class)
                .hasMessageContaining("s3://absent/models/run/model.zip");
        assertThatThrownBy(() -> store.size("run/model.zip")).isInstanceOf(IOException.class);
    }
}
