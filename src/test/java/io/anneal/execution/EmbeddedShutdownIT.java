package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.database.EmbeddedPostgresServer;
import io.anneal.support.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged service on its embedded PostgreSQL, as a user runs it, stopped with SIGTERM in the middle
 * of a job: the database outlives the service's graceful shutdown, so the job is handed back at the step
 * it was checkpointed at with every curve point written, and the next start resumes it at once.
 */
class EmbeddedShutdownIT {

    private static final long STEPS = 15_000;
    private static final String SPEC = """
            {"name": "stopped", "dataset": {"name": "synthetic"},
             "model": {"hiddenLayers": 3, "hiddenUnits": 64},
             "training": {"maxSteps": %d, "batchSize": 50, "checkpointEverySteps": 250}}""".formatted(STEPS);
    private static final String[] SETTINGS = {"--anneal.workers=1", "--anneal.training.sample-every=1",
            "--anneal.execution.heartbeat-interval=250ms", "--anneal.execution.poll-interval=500ms"};

    @Test
    void aStopHandsTheJobBackAtItsCheckpointWithEveryPointAndTheRestartResumesAtOnce() throws Exception {
        Path data = ServiceProcess.scratch("anneal-embedded");
        Path checkpoints = ServiceProcess.scratch("anneal-checkpoints");
        int databasePort = ServiceProcess.freePort();
        String id;
        try (ServiceProcess first = ServiceProcess.startEmbedded("embedded-first", checkpoints, data, databasePort,
                SETTINGS)) {
            id = JsonPath.read(first.post("/api/v1/jobs", SPEC).body(), "$.id");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> checkpointStep(first.get("/api/v1/jobs/" + id).body()) >= 500);
            long stopping = System.nanoTime();
            assertThat(first.terminate(Duration.ofSeconds(60))).as("exit status of a requested stop").isZero();
            System.out.printf("SIGTERM on the embedded database: stopped in %d ms%n",
                    (System.nanoTime() - stopping) / 1_000_000);
            assertThat(first.log()).doesNotContain(" ERROR ").doesNotContain("giving up");
        }

        long released = releasedStep(data, databasePort, id);
        try (ServiceProcess second = ServiceProcess.startEmbedded("embedded-second", checkpoints, data, databasePort,
                SETTINGS)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String job = second.get("/api/v1/jobs/" + id).body();
                return ((Integer) JsonPath.read(job, "$.attempt")) == 2;
            });
            String job = second.get("/api/v1/jobs/" + id).body();
            assertThat(((Number) JsonPath.read(job, "$.resumedFromStep")).longValue()).isEqualTo(released);
            assertThat((List<String>) JsonPath.read(job, "$.attempts[*].outcome")).first().isEqualTo("RELEASED");
            System.out.printf("released at step %d, attempt 2 resumed from step %d%n", released, released);
        }
    }

    /** Reads the stopped service's database directly: the job is queued at its checkpoint, no point missing. */
    private static long releasedStep(Path data, int port, String id) throws IOException, SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, port);
                Connection db = DriverManager.getConnection(server.jdbcUrl());
                Statement statement = db.createStatement()) {
            long step;
            try (ResultSet row = statement.executeQuery("SELECT status, step, checkpoint_step FROM training_job "
                    + "WHERE id = '" + id + "'")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("QUEUED");
                step = row.getLong(2);
                assertThat(row.getLong(3)).as("released at the step of its last checkpoint").isEqualTo(step);
            }
            try (ResultSet row = statement.executeQuery("SELECT count(DISTINCT step), min(step), max(step) "
                    + "FROM curve_point WHERE metric = 'loss' AND job_id = '" + id + "'")) {
                row.next();
                assertThat(row.getLong(1)).as("one loss point per update up to the release").isEqualTo(step);
                assertThat(row.getLong(2)).isEqualTo(1);
                assertThat(row.getLong(3)).isEqualTo(step);
            }
            assertThat(step).isBetween(500L, STEPS - 1);
            return step;
        }
    }

    private static long checkpointStep(String job) {
        Number step = JsonPath.using(com.jayway.jsonpath.Configuration.defaultConfiguration()
                .addOptions(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS)).parse(job).read("$.checkpoint.step");
        return step == null ? -1 : step.longValue();
    }
}
