package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.ServiceProcess;
import io.anneal.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed with SIGKILL, or stopped with SIGTERM, in the middle of a job: a new
 * process on the same database finishes the job from its checkpoint, with a complete curve.
 */
class CrashRecoveryIT {

    /** Long enough (about 15 s at a millisecond per update) that the kill lands well before the end. */
    private static final long STEPS = 15_000;
    private static final String SPEC = """
            {"name": "%s", "dataset": {"name": "synthetic"},
             "model": {"hiddenLayers": 3, "hiddenUnits": 64},
             "gradientNoise": {"eta": 0.01, "seed": 3},
             "training": {"maxSteps": %d, "batchSize": 50, "checkpointEverySteps": 250}}""";
    private static final String[] SETTINGS = {"--anneal.workers=1", "--anneal.training.sample-every=1",
            "--anneal.execution.stale-after=3s", "--anneal.execution.heartbeat-interval=250ms",
            "--anneal.execution.poll-interval=500ms"};

    @Test
    void aKilledProcessesJobResumesFromItsCheckpointOnTheNextProcess() throws Exception {
        Path checkpoints = ServiceProcess.scratch("anneal-checkpoints");
        String id;
        long checkpointSeen;
        int jobsBefore;
        Instant killedAt;
        try (ServiceProcess first = ServiceProcess.start("kill-first", checkpoints, SETTINGS)) {
            id = JsonPath.read(first.post("/api/v1/jobs", SPEC.formatted("killed", STEPS)).body(), "$.id");
            checkpointSeen = awaitCheckpointAtLeast(first, id, 1000);
            jobsBefore = count("SELECT count(*) FROM training_job");
            first.kill();
            killedAt = Instant.now();
        }
        try (ServiceProcess second = ServiceProcess.start("kill-second", checkpoints, SETTINGS)) {
            String job = awaitStatus(second, id, "SUCCEEDED");
            long resumedFrom = ((Number) JsonPath.read(job, "$.resumedFromStep")).longValue();
            assertThat((Integer) JsonPath.read(job, "$.attempt")).isEqualTo(2);
            assertThat(resumedFrom).isGreaterThanOrEqualTo(checkpointSeen).isLessThan(STEPS);
            assertThat(resumedFrom % 250).isZero();
            assertThat(((Number) JsonPath.read(job, "$.progress.step")).longValue()).isEqualTo(STEPS);
            assertCurveIsComplete(id);
            assertThat(recordedAt(id, resumedFrom)).isBefore(killedAt);
            assertThat(recordedAt(id, resumedFrom + 1)).isAfter(killedAt);
            assertThat(count("SELECT count(*) FROM training_job")).isEqualTo(jobsBefore);
            System.out.printf("SIGKILL: checkpoint seen at step %d, attempt 2 resumed from step %d%n", checkpointSeen,
                    resumedFrom);
        }
    }

    @Test
    void aTerminatedProcessCheckpointsAtTheNextStepAndHandsTheJobBack() throws Exception {
        Path checkpoints = ServiceProcess.scratch("anneal-checkpoints");
        String id;
        long releasedAt;
        try (ServiceProcess first = ServiceProcess.start("term-first", checkpoints, SETTINGS)) {
            id = JsonPath.read(first.post("/api/v1/jobs", SPEC.formatted("terminated", STEPS)).body(), "$.id");
            awaitCheckpointAtLeast(first, id, 500);
            assertThat(first.terminate(Duration.ofSeconds(60))).as("exit status of a requested stop").isZero();
        }
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT status, step, checkpoint_step "
                        + "FROM training_job WHERE id = '" + id + "'")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("QUEUED");
            releasedAt = row.getLong(2);
            assertThat(row.getLong(3)).as("checkpoint taken at the step it stopped").isEqualTo(releasedAt);
        }
        try (ServiceProcess second = ServiceProcess.start("term-second", checkpoints, SETTINGS)) {
            String job = awaitStatus(second, id, "SUCCEEDED");
            assertThat(((Number) JsonPath.read(job, "$.resumedFromStep")).longValue()).isEqualTo(releasedAt);
            assertThat((Integer) JsonPath.read(job, "$.attempt")).isEqualTo(2);
            assertThat((List<String>) JsonPath.read(job, "$.attempts[*].outcome")).containsExactly("RELEASED",
                    "SUCCEEDED");
            assertCurveIsComplete(id);
            System.out.printf("SIGTERM: released at step %d, resumed from step %d, 0 steps lost%n", releasedAt,
                    releasedAt);
        }
    }

    private static long awaitCheckpointAtLeast(ServiceProcess service, String id, long step) {
        long[] seen = new long[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String job = service.get("/api/v1/jobs/" + id).body();
            Number checkpoint = JsonPath.using(com.jayway.jsonpath.Configuration.defaultConfiguration()
                    .addOptions(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS)).parse(job).read("$.checkpoint.step");
            seen[0] = checkpoint == null ? -1 : checkpoint.longValue();
            return seen[0] >= step;
        });
        return seen[0];
    }

    private static String awaitStatus(ServiceProcess service, String id, String status) {
        String[] last = new String[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = service.get("/api/v1/jobs/" + id).body();
            String now = JsonPath.read(last[0], "$.status");
            if (now.equals("FAILED") || now.equals("CANCELLED")) {
                throw new AssertionError("job ended " + last[0]);
            }
            return now.equals(status);
        });
        return last[0];
    }

    /** Every update 1..STEPS has exactly one loss point: no gap, no duplicate, nothing beyond the end. */
    private static void assertCurveIsComplete(String id) throws SQLException {
        String where = " FROM curve_point WHERE job_id = '" + id + "' AND metric = 'loss'";
        assertThat(count("SELECT count(*)" + where)).isEqualTo((int) STEPS);
        assertThat(count("SELECT count(DISTINCT step)" + where)).isEqualTo((int) STEPS);
        assertThat(count("SELECT min(step)" + where)).isEqualTo(1);
        assertThat(count("SELECT max(step)" + where)).isEqualTo((int) STEPS);
    }

    private static Instant recordedAt(String id, long step) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT recorded_at FROM curve_point WHERE job_id = '" + id
                        + "' AND metric = 'loss' AND step = " + step)) {
            row.next();
            Timestamp time = row.getTimestamp(1);
            return time.toInstant();
        }
    }

    private static int count(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static Connection connect() throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        return DriverManager.getConnection(db.url(), db.username(), db.password());
    }
}
