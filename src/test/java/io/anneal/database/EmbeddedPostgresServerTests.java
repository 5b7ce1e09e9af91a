package io.anneal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTests {

    @TempDir
    Path dataDirectory;

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0)) {
            execute(server, "CREATE TABLE kept (value text)");
            execute(server, "INSERT INTO kept VALUES ('survives')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
                Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survives");
            try (ResultSet fsync = connection.createStatement().executeQuery("SHOW fsync")) {
                fsync.next();
                assertThat(fsync.getString(1)).isEqualTo("on");
            }
        }
    }

    @Test
    void aFixedPortTakenByAnotherDataDirectoryIsRefusedNotShared(@TempDir Path other) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDirectory, port)) {
            execute(first, "CREATE TABLE mine (id int)");
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(other, port)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + port + " is taken by another embedded PostgreSQL");
            execute(first, "INSERT INTO mine VALUES (1)");
        }
    }

    private static void execute(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
