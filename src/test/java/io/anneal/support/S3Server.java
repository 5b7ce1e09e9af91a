package io.anneal.support;

import io.anneal.artifact.ArtifactStorage;
import io.anneal.artifact.StorageProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3-compatible server (the Maven build copies its jar to {@code target/s3proxy}), run as a
 * child process keeping its objects in a temporary directory; one per test JVM, stopped when it exits.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "anneal-test";
    public static final String SECRET_KEY = "anneal-test-secret";
    private static S3Server running;
    private final int port;

    private S3Server(int port) {
        this.port = port;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized S3Server get() {
        if (running == null) {
            try {
                running = start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
            }
        }
        return running;
    }

    private static S3Server start() throws IOException {
        Path jar = Path.of(System.getProperty("anneal.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy's jar is missing (" + jar + "); ./mvnw test copies it there");
        }
        Path directory = Files.createTempDirectory("anneal-s3proxy");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path properties = Files.writeString(directory.resolve("s3proxy.conf"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + Files.createDirectories(directory.resolve("objects"))) + "\n");
        Path log = Path.of("target", "s3proxy.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new S3Server(port);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see " + log);
                }
                if (Instant.now().isAfter(deadline)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s; see " + log);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The settings of a store in a new, empty bucket of this server, with small parts. */
    public StorageProperties.S3 newBucket(String prefix) {
        String bucket = "anneal-" + UUID.randomUUID().toString().substring(0, 8);
        StorageProperties.S3 s3 = new StorageProperties.S3(bucket, prefix, "us-east-1", endpoint(), true,
                ACCESS_KEY, SECRET_KEY, DataSize.ofMegabytes(6), DataSize.ofMegabytes(5));
        try (S3Client client = ArtifactStorage.client(s3)) {
            client.createBucket(request -> request.bucket(bucket));
        }
        return s3;
    }

    /** Points a Spring test context's artifact storage at {@code bucket} (from {@link #newBucket}). */
    public static void use(StorageProperties.S3 bucket, org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("anneal.storage.mode", () -> "s3");
        registry.add("anneal.storage.s3.bucket", bucket::bucket);
        registry.add("anneal.storage.s3.prefix", bucket::prefix);
        registry.add("anneal.storage.s3.endpoint", bucket::endpoint);
        registry.add("anneal.storage.s3.path-style", () -> "true");
        registry.add("anneal.storage.s3.access-key", bucket::accessKey);
        registry.add("anneal.storage.s3.secret-key", bucket::secretKey);
    }

    /** The keys of every object in {@code bucket}. */
    public List<String> keys(String bucket) {
        try (S3Client client = ArtifactStorage.client(new StorageProperties.S3(bucket, "", "us-east-1", endpoint(),
                true, ACCESS_KEY, SECRET_KEY, DataSize.ofMegabytes(16), DataSize.ofMegabytes(8)))) {
            return client.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream()
                    .map(object -> object.key()).sorted().toList();
        }
    }
}
