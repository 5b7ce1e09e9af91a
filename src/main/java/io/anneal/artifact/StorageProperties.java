package io.anneal.artifact;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where checkpoints, models and uploaded datasets are kept.
 *
 * @param mode {@code filesystem}: under {@code anneal.checkpoints.root}, {@code anneal.artifacts.root}
 *     and {@code anneal.datasets.root} (with more than one replica, one volume every replica mounts);
 *     {@code s3}: in an S3-compatible bucket, under {@code checkpoints/}, {@code models/} and
 *     {@code datasets/}
 * @param scratch local directory for files on their way into the bucket (S3 mode only)
 * @param s3 the bucket, for {@code mode: s3}
 */
@Validated
@ConfigurationProperties("anneal.storage")
public record StorageProperties(@DefaultValue("filesystem") @NotNull Mode mode,
        @DefaultValue(".anneal/scratch") String scratch, @DefaultValue @Valid S3 s3) {

    public enum Mode {
        FILESYSTEM, S3
    }

    /**
     * An S3-compatible bucket.
     *
     * @param bucket the bucket's name; it must exist
     * @param prefix prepended to every object key, e.g. {@code anneal/} (a missing trailing slash is added)
     * @param region the bucket's region
     * @param endpoint the service's URL for MinIO, Ceph and other S3-compatible stores; empty for AWS
     * @param pathStyle address the bucket as {@code <endpoint>/<bucket>} rather than {@code <bucket>.<host>}
     *     (MinIO and Ceph usually need it)
     * @param accessKey with {@code secretKey}; empty to use the default AWS credential chain (environment,
     *     web identity, instance profile)
     * @param secretKey the secret of {@code accessKey}
     * @param multipartThreshold files larger than this are uploaded in parts
     * @param partSize the size of each part but the last (at least 5 MB)
     */
    public record S3(@DefaultValue("") String bucket, @DefaultValue("") String prefix,
            @DefaultValue("us-east-1") String region, @DefaultValue("") String endpoint,
            @DefaultValue("false") boolean pathStyle, @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey, @DefaultValue("16MB") DataSize multipartThreshold,
            @DefaultValue("8MB") DataSize partSize) {

        /** The prefix with its trailing slash, or empty. */
        public String keyPrefix() {
            return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        }
    }
}
