package io.anneal.support;

import io.anneal.database.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one real PostgreSQL all tests of a JVM share: an explicitly configured server
 * ({@code ANNEAL_TEST_DATABASE_URL}) above all, else a Testcontainers container where a Docker engine
 * answers, else the embedded server. There is no fallback to anything that is not PostgreSQL, and no
 * skipping: if none starts, every database test fails.
 */
public final class TestDatabase {

    /** Where the connection comes from. */
    public enum Source { EXPLICIT, TESTCONTAINERS, EMBEDDED }

    /** JDBC coordinates of the chosen server. */
    public record Connection(Source source, String url, String username, String password) {
    }

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static Connection connection;

    private TestDatabase() {
    }

    public static synchronized Connection get() {
        if (connection == null) {
            connection = start(choose(System.getenv("ANNEAL_TEST_DATABASE_URL"), dockerAvailable()));
            log.info("Tests use PostgreSQL from {} at {}", connection.source(), connection.url());
        }
        return connection;
    }

    /** The choice itself, kept pure so its order of preference is tested. */
    public static Source choose(String explicitUrl, boolean dockerAvailable) {
        if (explicitUrl != null && !explicitUrl.isBlank()) {
            return Source.EXPLICIT;
        }
        return dockerAvailable ? Source.TESTCONTAINERS : Source.EMBEDDED;
    }

    private static Connection start(Source source) {
        return switch (source) {
            case EXPLICIT -> new Connection(source, System.getenv("ANNEAL_TEST_DATABASE_URL"),
                    envOr("ANNEAL_TEST_DATABASE_USERNAME", "postgres"), envOr("ANNEAL_TEST_DATABASE_PASSWORD", ""));
            case TESTCONTAINERS -> container();
            case EMBEDDED -> embedded();
        };
    }

    private static Connection container() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new Connection(Source.TESTCONTAINERS, container.getJdbcUrl(), container.getUsername(),
                container.getPassword());
    }

    private static Connection embedded() {
        try {
            Path directory = Files.createTempDirectory("anneal-test-postgres");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    log.warn("Stopping the test PostgreSQL failed: {}", e.getMessage());
                }
            }));
            return new Connection(Source.EMBEDDED, server.jdbcUrl(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
