package io.anneal.artifact;

import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The artifact stores of this service, one per area (checkpoints, models, datasets), all on the
 * filesystem or all in one S3 bucket as {@link StorageProperties} says.
 */
@Component
public class ArtifactStorage implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStorage.class);
    private final StorageProperties properties;
    private final S3Client client;

    public ArtifactStorage(StorageProperties properties) {
        this.properties = properties;
        if (properties.mode() == StorageProperties.Mode.S3) {
            if (properties.s3().bucket().isBlank()) {
                throw new IllegalStateException("anneal.storage.mode is s3 but anneal.storage.s3.bucket is not set");
            }
            if (properties.s3().accessKey().isBlank() != properties.s3().secretKey().isBlank()) {
                throw new IllegalStateException("anneal.storage.s3.access-key and secret-key go together: set both "
                        + "or neither (then the default AWS credential chain applies)");
            }
            this.client = client(properties.s3());
            log.info("Checkpoints, models and datasets are stored in s3://{}/{}", properties.s3().bucket(),
                    properties.s3().keyPrefix());
        } else {
            this.client = null;
        }
    }

    /** A client for the bucket: path-style where asked, the SDK's own checksums only where S3 requires them. */
    public static S3Client client(StorageProperties.S3 s3) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(s3.region())).forcePathStyle(s3.pathStyle())
                // contents are verified end to end by the SHA-256 every reader checks; the SDK's default
                // CRC trailers are not understood by every S3-compatible server
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(s3.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())));
        if (!s3.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(s3.endpoint()));
        }
        return builder.build();
    }

    public StorageProperties.Mode mode() {
        return properties.mode();
    }

    /**
     * The store of one area.
     *
     * @param name the area's folder in the bucket
     * @param root the area's directory on the filesystem
     */
    public ArtifactStore area(String name, String root) {
        if (client == null) {
            return new FileSystemArtifacts(Path.of(root));
        }
        StorageProperties.S3 s3 = properties.s3();
        return new S3Artifacts(client, s3.bucket(), s3.keyPrefix() + name + "/",
                Path.of(properties.scratch()).resolve(name), s3.multipartThreshold().toBytes(),
                Math.toIntExact(s3.partSize().toBytes()));
    }

    @Override
    public void destroy() {
        if (client != null) {
            client.close();
        }
    }
}
