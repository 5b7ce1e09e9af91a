package io.anneal.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service started as a child process on the test database, for crash and shutdown tests;
 * its requests carry the test admin key it was started with.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code target/anneal-*.jar} on the test database with {@code arguments} added; waits until ready. */
    public static ServiceProcess start(String name, Path checkpoints, String... arguments) throws IOException {
        TestDatabase.Connection db = TestDatabase.get();
        List<String> database = List.of("--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password());
        return launch(name, checkpoints, database, arguments);
    }

    /** Starts the jar on the PostgreSQL at {@code jdbcUrl} (user postgres, no password); waits until ready. */
    public static ServiceProcess startOn(String name, Path checkpoints, String jdbcUrl, String... arguments)
            throws IOException {
        return launch(name, checkpoints, List.of("--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres", "--spring.datasource.password="), arguments);
    }

    /**
     * Starts the jar as a user would, on its own embedded PostgreSQL kept in {@code dataDirectory} and
     * listening on {@code databasePort}; waits until ready.
     */
    public static ServiceProcess startEmbedded(String name, Path checkpoints, Path dataDirectory, int databasePort,
            String... arguments) throws IOException {
        List<String> database = List.of("--anneal.database.embedded.data-directory=" + dataDirectory,
                "--anneal.database.embedded.port=" + databasePort);
        return launch(name, checkpoints, database, arguments);
    }

    private static ServiceProcess launch(String name, Path checkpoints, List<String> database, String... arguments)
            throws IOException {
        String jar = System.getProperty("anneal.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the packaged jar is missing (" + jar + "); run ./mvnw verify");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules=jdk.incubator.vector", "-jar", jar, "--server.port=" + port, "--anneal.checkpoints.root=" + checkpoints,
                "--anneal.data.download-allowed=false"));
        command.addAll(database);
        command.addAll(List.of(arguments));
        Path log = Path.of("target", "service-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("ANNEAL_ADMIN_KEY", TestKeys.ADMIN);
        ServiceProcess service = new ServiceProcess(builder.start(), port, log);
        service.awaitReady();
        return service;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with another Authorization header (null for none), answered within {@code timeout}. */
    public HttpResponse<String> get(String path, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, then wait for the process to finish its graceful shutdown. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("service did not stop within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    /** Stops what is still running gracefully, so an embedded PostgreSQL of its own stops with it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return get("/actuator/health/readiness").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /** A fresh folder under {@code target/}, where {@code ./mvnw clean} removes it, never in the system's temp. */
    public static Path scratch(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), prefix);
    }

    /** The service's output so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
