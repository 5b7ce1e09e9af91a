package io.anneal.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries on the classpath, durable (fsync and synchronous commit
 * on, unlike the test defaults of the library). As root it runs in a user namespace. It stops only when
 * closed, never from a JVM shutdown hook of its own: the application closes it after its graceful
 * shutdown (workers handing their jobs back, the curve writer flushing) has used it for the last time.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server on {@code dataDirectory}, initialising it on first use; port 0 picks a free port. */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
            server.checkServes(dataDirectory);
            log.info("Embedded PostgreSQL on port {} with data in {} started in {} ms", postgres.getPort(),
                    dataDirectory.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory
                    + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The server answering on the port is the one of {@code dataDirectory}: with a fixed port, a server
     * another checkout or service left running there would otherwise be used in its place (its postmaster
     * refuses the port, and the one already there answers), mixing two services' jobs in one database.
     */
    private void checkServes(Path dataDirectory) throws IOException {
        String served;
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW data_directory")) {
            row.next();
            served = row.getString(1);
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("the server on port " + port() + " does not answer: " + e.getMessage(), e);
        }
        if (!Path.of(served).toRealPath().equals(dataDirectory.toRealPath())) {
            postgres.close();
            throw new IOException("port " + port() + " is taken by another embedded PostgreSQL, whose data is in "
                    + served + "; set anneal.database.embedded.port to another port (0 picks a free one) or stop "
                    + "the service that uses it");
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
