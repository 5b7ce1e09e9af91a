package io.anneal.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts as objects in an S3-compatible store: {@code s3://<bucket>/<prefix><key>}. A file is
 * uploaded whole (one PUT, or a multipart upload above {@code multipartThreshold} bytes that is
 * completed only after every part arrived, and aborted otherwise), so readers see all of it or nothing.
 * New files are written under a local scratch directory first.
 */
public final class S3Artifacts implements ArtifactStore {

    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Path scratch;
    private final long multipartThreshold;
    private final int partSize;

    /**
     * @param prefix prepended to every key: empty, or ending with a slash
     * @param scratch local directory for files being written
     */
    public S3Artifacts(S3Client client, String bucket, String prefix, Path scratch, long multipartThreshold,
            int partSize) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("the key prefix must end with a slash: " + prefix);
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("parts must hold at least 5 MiB, not " + partSize + " bytes");
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.scratch = scratch;
        this.multipartThreshold = Math.max(multipartThreshold, partSize);
        this.partSize = partSize;
    }

    private String objectKey(String key) {
        return prefix + ArtifactStore.checkKey(key);
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }

    @Override
    public Path newFile(String key) throws IOException {
        ArtifactStore.checkKey(key);
        Files.createDirectories(scratch);
        return Files.createTempFile(scratch, key.substring(key.lastIndexOf('/') + 1), ".part");
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String objectKey = objectKey(key);
        try {
            long size = Files.size(file);
            if (size <= multipartThreshold) {
                client.putObject(request -> request.bucket(bucket).key(objectKey).contentLength(size),
                        RequestBody.fromFile(file));
            } else {
                putInParts(objectKey, file, size);
            }
        } catch (SdkException e) {
            throw failure("cannot write", key, e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void putInParts(String objectKey, Path file, long size) throws IOException {
        String upload = client.createMultipartUpload(request -> request.bucket(bucket).key(objectKey)).uploadId();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate(partSize);
            for (int number = 1; channel.position() < size; number++) {
                buffer.clear();
                while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                    // fill the part; the last one may be shorter
                }
                if (buffer.position() == 0) {
                    throw new IOException(file + " ended at " + channel.position() + " of " + size + " bytes");
                }
                byte[] part = new byte[buffer.position()];
                buffer.flip().get(part);
                int partNumber = number;
                String etag = client.uploadPart(request -> request.bucket(bucket).key(objectKey).uploadId(upload)
                        .partNumber(partNumber).contentLength((long) part.length), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            client.completeMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(upload)
                    .multipartUpload(completed -> completed.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                client.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(upload));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return client.getObject(request -> request.bucket(bucket).key(objectKey(key)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe(key));
        } catch (SdkException e) {
            throw failure("cannot read", key, e);
        }
    }

    @Override
    public OptionalLong size(String key) throws IOException {
        try {
            return OptionalLong.of(client.headObject(request -> request.bucket(bucket).key(objectKey(key)))
                    .contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw failure("cannot look up", key, e);
        } catch (SdkException e) {
            throw failure("cannot look up", key, e);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String folderKey = objectKey(folder) + "/";
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket)
                    .prefix(folderKey).delimiter("/")).contents()) {
                keys.add(object.key().substring(prefix.length()));
            }
            return keys;
        } catch (SdkException e) {
            throw failure("cannot list", folder, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.deleteObject(request -> request.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw failure("cannot delete", key, e);
        }
    }

    /**
     * Deletes the folder's objects one request each: folders hold a job's few checkpoints or models, and
     * DeleteObjects needs a checksum header that not every S3-compatible store accepts.
     */
    @Override
    public void deleteFolder(String folder) throws IOException {
        String folderKey = objectKey(folder) + "/";
        try {
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket)
                    .prefix(folderKey)).contents()) {
                client.deleteObject(request -> request.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            throw failure("cannot delete", folder, e);
        }
    }

    private IOException failure(String what, String key, SdkException e) {
        return new IOException(what + " " + describe(key) + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
