package io.anneal.support;

import io.anneal.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL all tests of a JVM share: an explicitly configured server
 * ({@code ANNEAL_TEST_DATABASE_URL}) above all, else a Testcontainers container where a Docker engine
 * answers, else a fresh database on the PostgreSQL of this machine (127.0.0.1:5432, user postgres,
 * dropped when the JVM ends), else the embedded server (its files deleted when the JVM ends). There is
 * no fallback to anything that is not PostgreSQL, and no skipping: if none starts, every database test
 * fails.
 */
public final class TestDatabase {

    /** Where the connection comes from. */
    public enum Source { EXPLICIT, TESTCONTAINERS, LOCAL, EMBEDDED }

    /** JDBC coordinates of the chosen server. */
    public record Connection(Source source, String url, String username, String password) {
    }

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/";
    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = start(choose(System.getenv("ANNEAL_TEST_DATABASE_URL"), dockerAvailable(), localAvailable()));
            log.info("Tests use PostgreSQL from {} at {}", connection.source(), connection.url());
        }
        return connection;
    }

    /** The choice itself, kept pure so its order of preference is tested. */
    public static Source choose(String explicitUrl, boolean dockerAvailable, boolean localAvailable) {
        if (explicitUrl != null && !explicitUrl.isBlank()) {
            return Source.EXPLICIT;
        }
        if (dockerAvailable) {
            return Source.TESTCONTAINERS;
        }
        return localAvailable ? Source.LOCAL : Source.EMBEDDED;
    }

    private static Connection start(Source source) {
        return switch (source) {
            case EXPLICIT -> new Connection(source, System.getenv("ANNEAL_TEST_DATABASE_URL"),
                    envOr("ANNEAL_TEST_DATABASE_USERNAME", "postgres"), envOr("ANNEAL_TEST_DATABASE_PASSWORD", ""));
            case TESTCONTAINERS -> container();
            case LOCAL -> local();
            case EMBEDDED -> embedded();
        };
    }

    private static Connection container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Connection(Source.TESTCONTAINERS, container.getJdbcUrl(), container.getUsername(),
                container.getPassword());
    }

    /** A database of its own on the machine's server, so runs never see each other's rows. */
    private static Connection local() {
        String database = "anneal_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
        try (java.sql.Connection admin = DriverManager.getConnection(LOCAL_URL + "postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + LOCAL_URL, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropLocal(database)));
        return new Connection(Source.LOCAL, LOCAL_URL + database, "postgres", "");
    }

    private static void dropLocal(String database) {
        try (java.sql.Connection admin = DriverManager.getConnection(LOCAL_URL + "postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("Dropping the test database {} failed: {}", database, e.getMessage());
        }
    }

    private static Connection embedded() {
        try {
            Path directory = Files.createTempDirectory("anneal-test-postgres");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                    FileSystemUtils.deleteRecursively(directory);
                } catch (IOException e) {
                    log.warn("Stopping the test PostgreSQL failed: {}", e.getMessage());
                }
            }));
            return new Connection(Source.EMBEDDED, server.jdbcUrl(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks Testcontainers only where a Docker socket or host is configured, so no Docker error is logged. */
    private static boolean dockerAvailable() {
        boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean localAvailable() {
        DriverManager.setLoginTimeout(2);
        try (java.sql.Connection probe = DriverManager.getConnection(LOCAL_URL + "postgres", "postgres", "")) {
            return probe.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
