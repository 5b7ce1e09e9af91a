package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.database.EmbeddedPostgresServer;
import io.anneal.support.ServiceProcess;
import io.anneal.support.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packaged service on a PostgreSQL that the test stops for {@link #OUTAGE} while two jobs train, one
 * ending during the outage: the API answers 503 with Retry-After within two seconds, readiness goes DOWN
 * and UP again while liveness stays UP, training goes on with its curve points held (most on disk), and
 * afterwards every point is stored once, progress is the last step, no job ran twice although the
 * outage outlasted the stale-job threshold, and nothing is logged at ERROR after recovery.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Ends some seconds into the outage. */
    private static final long SHORT_STEPS = 20_000;
    /** Ends well after it. */
    private static final long LONG_STEPS = 150_000;
    private static final String SPEC = """
            {"name": "%s", "dataset": {"name": "synthetic"},
             "model": {"hiddenLayers": 3, "hiddenUnits": 64},
             "gradientNoise": {"eta": 0.01, "seed": 3},
             "training": {"maxSteps": %d, "batchSize": 50, "checkpointEverySteps": 500}}""";
    /** The outage lasts well past stale-after: only the reaper's wait after an outage keeps the jobs. */
    private static final String[] SETTINGS = {"--anneal.workers=2", "--anneal.training.sample-every=1",
            "--anneal.execution.stale-after=8s", "--anneal.execution.heartbeat-interval=250ms",
            "--anneal.execution.poll-interval=500ms", "--anneal.curves.buffer-capacity=2000",
            "--anneal.curves.spill-directory=target/it"};
    private static final Duration FAST = Duration.ofMillis(2_500);

    @Test
    void aJobTrainsThroughAnOutageAndLosesNothing() throws Exception {
        Path checkpoints = ServiceProcess.scratch("outage-checkpoints");
        Path data = ServiceProcess.scratch("outage-postgres");
        int port = ServiceProcess.freePort();
        EmbeddedPostgresServer database = EmbeddedPostgresServer.start(data, port);
        try (ServiceProcess service = ServiceProcess.startOn("outage", checkpoints, database.jdbcUrl(), SETTINGS)) {
            String longJob = JsonPath.read(service.post("/api/v1/jobs", SPEC.formatted("long", LONG_STEPS)).body(),
                    "$.id");
            String shortJob = JsonPath.read(service.post("/api/v1/jobs", SPEC.formatted("short", SHORT_STEPS))
                    .body(), "$.id");
            // the short job is half done when the database goes, so it ends during the outage on a slow
            // machine too; the long one runs well past it
            awaitStep(service, shortJob, SHORT_STEPS / 2);
            awaitStep(service, longJob, 500);
            assertThat(service.get("/actuator/health/readiness").statusCode()).isEqualTo(200);

            Instant stoppedAt = Instant.now();
            database.close();
            List<String> during = duringTheOutage(service, longJob, stoppedAt.plus(OUTAGE));

            Instant restartedAt = Instant.now();
            database = EmbeddedPostgresServer.start(data, port);
            int logBeforeRecovery = service.log().length();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
            Duration readyAfter = Duration.between(restartedAt, Instant.now());

            for (String[] job : new String[][] {{shortJob, Long.toString(SHORT_STEPS)},
                    {longJob, Long.toString(LONG_STEPS)}}) {
                String view = awaitSucceeded(service, job[0]);
                long steps = Long.parseLong(job[1]);
                assertThat(((Number) JsonPath.read(view, "$.progress.step")).longValue()).as("progress").isEqualTo(steps);
                assertThat((Integer) JsonPath.read(view, "$.attempt")).as("attempts of " + job[0]).isEqualTo(1);
                assertThat((List<?>) JsonPath.read(view, "$.attempts")).as("attempt history").hasSize(1);
                for (String metric : List.of("loss", "sigma", "learningRate")) {
                    assertEveryStepOnce(database, job[0], metric, steps);
                }
            }
            Instant shortEnded = lastPointAt(database, shortJob);
            assertThat(shortEnded).as("the short job trained to its end during the outage")
                    .isAfter(stoppedAt).isBefore(restartedAt);
            assertThat(lastPointAt(database, longJob)).as("the long job trained on after the outage")
                    .isAfter(restartedAt);
            assertThat(counter(service, "anneal_curve_points_spilled_total")).as("points held on disk")
                    .isGreaterThan(0);
            String after = service.log().substring(logBeforeRecovery);
            assertThat(after.lines().filter(line -> line.contains(" ERROR ")).toList()).as("ERROR after recovery")
                    .isEmpty();
            assertThat(service.log()).contains("PostgreSQL is unreachable").contains("PostgreSQL is reachable again")
                    .contains("its verdict waits for PostgreSQL");
            during.forEach(System.out::println);
            System.out.printf("Outage of %d s: ready again %d ms after the restart; short job's last point %d s into "
                    + "it; %d curve points held on disk%n", OUTAGE.toSeconds(), readyAfter.toMillis(),
                    Duration.between(stoppedAt, shortEnded).toSeconds(),
                    (long) counter(service, "anneal_curve_points_spilled_total"));
        } finally {
            database.close();
        }
    }

    /** Probes and requests until {@code until}, asserting each answer; returns what was measured. */
    private static List<String> duringTheOutage(ServiceProcess service, String job, Instant until) throws Exception {
        List<String> measured = new ArrayList<>();
        Instant stopped = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> service.get("/actuator/health/readiness", null, FAST).statusCode() == 503);
        measured.add("readiness DOWN " + Duration.between(stopped, Instant.now()).toMillis() + " ms after the stop");
        long slowest = 0;
        int answered = 0;
        while (Instant.now().isBefore(until)) {
            assertThat(service.get("/actuator/health/liveness", null, FAST).statusCode()).as("liveness").isEqualTo(200);
            long started = System.nanoTime();
            HttpResponse<String> read = service.get("/api/v1/jobs/" + job, TestKeys.bearer(TestKeys.ADMIN), FAST);
            slowest = Math.max(slowest, assertUnavailable(read, started));
            started = System.nanoTime();
            HttpResponse<String> submit = service.post("/api/v1/jobs", SPEC.formatted("refused", 10));
            slowest = Math.max(slowest, assertUnavailable(submit, started));
            started = System.nanoTime();
            HttpResponse<String> unknownKey = service.get("/api/v1/jobs", "Bearer ak_aaaaaaaaaaaa_"
                    + "b".repeat(43), FAST);
            slowest = Math.max(slowest, assertUnavailable(unknownKey, started));
            answered += 3;
            Thread.sleep(1_000);
        }
        measured.add(answered + " API requests during the outage answered 503 + Retry-After, the slowest in "
                + slowest + " ms; liveness UP throughout");
        return measured;
    }

    private static long assertUnavailable(HttpResponse<String> response, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/problem+json"));
        assertThat((String) JsonPath.read(response.body(), "$.type")).endsWith("/database-unavailable");
        assertThat(millis).as("answered within about two seconds").isLessThan(FAST.toMillis());
        return millis;
    }

    private static void awaitStep(ServiceProcess service, String id, long step) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Number checkpoint = JsonPath.using(com.jayway.jsonpath.Configuration.defaultConfiguration()
                    .addOptions(com.jayway.jsonpath.Option.SUPPRESS_EXCEPTIONS))
                    .parse(service.get("/api/v1/jobs/" + id).body()).read("$.checkpoint.step");
            return checkpoint != null && checkpoint.longValue() >= step;
        });
    }

    private static String awaitSucceeded(ServiceProcess service, String id) {
        String[] last = new String[1];
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = service.get("/api/v1/jobs/" + id).body();
            String status = JsonPath.read(last[0], "$.status");
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new AssertionError("job ended " + last[0]);
            }
            return status.equals("SUCCEEDED");
        });
        return last[0];
    }

    private static void assertEveryStepOnce(EmbeddedPostgresServer database, String id, String metric, long steps)
            throws SQLException {
        String where = " FROM curve_point WHERE job_id = '" + id + "' AND metric = '" + metric + "'";
        assertThat(number(database, "SELECT count(*)" + where)).as(metric + " points of " + id).isEqualTo(steps);
        assertThat(number(database, "SELECT count(DISTINCT step)" + where)).isEqualTo(steps);
        assertThat(number(database, "SELECT min(step)" + where)).isEqualTo(1);
        assertThat(number(database, "SELECT max(step)" + where)).isEqualTo(steps);
    }

    private static Instant lastPointAt(EmbeddedPostgresServer database, String id) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SELECT max(recorded_at) FROM curve_point WHERE job_id = '"
                        + id + "'")) {
            row.next();
            return row.getTimestamp(1).toInstant();
        }
    }

    private static long number(EmbeddedPostgresServer database, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                Statement statement = db.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static double counter(ServiceProcess service, String name) throws Exception {
        return service.get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(name + " ")
                || line.startsWith(name + "{")).mapToDouble(line -> Double.parseDouble(line.substring(
                        line.lastIndexOf(' ') + 1))).sum();
    }
}
