package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.artifact.Sha256;
import io.anneal.support.ServiceProcess;
import io.anneal.support.TestDatabase;
import io.anneal.support.TestKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Three packaged service processes with two workers each on one database and one shared artifact
 * root train 60 jobs of mixed length; one is killed with SIGKILL mid-run and started again. Every job
 * succeeds, none ran on two replicas at once, every loss point is there once, the killed replica's jobs
 * continue from their checkpoints, and every replica serves every model.
 */
class MultiReplicaIT {

    private static final int JOBS = 60;
    private static final long LONG = 6_000;
    private static final long SHORT = 300;
    private static final int SAMPLE_EVERY = 5;
    private static final int CHECKPOINT_EVERY = 200;
    private static final String SPEC = """
            {"name": "replicas-%d", "dataset": {"name": "synthetic"},
             "model": {"hiddenLayers": 1, "hiddenUnits": 16},
             "gradientNoise": {"eta": 0.01, "seed": %d},
             "training": {"maxSteps": %d, "batchSize": 20, "checkpointEverySteps": %d}}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void sixtyJobsOnThreeReplicasSurviveTheKillOfOne() throws Exception {
        Instant began = Instant.now();
        Path shared = ServiceProcess.scratch("replicas-shared");
        Map<String, ServiceProcess> replicas = new LinkedHashMap<>();
        try {
            startAll(replicas, shared, "replica-a", "replica-b", "replica-c");
            Duration startup = Duration.between(began, Instant.now());

            Map<UUID, Long> steps = new LinkedHashMap<>();
            List<ServiceProcess> entry = new ArrayList<>(replicas.values());
            for (int i = 0; i < JOBS; i++) {
                long length = i % 4 == 0 ? LONG : SHORT;
                HttpResponse<String> created = entry.get(i % entry.size()).post("/api/v1/jobs",
                        SPEC.formatted(i, i, length, CHECKPOINT_EVERY));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                steps.put(UUID.fromString(JsonPath.read(created.body(), "$.id")), length);
            }

            Map<UUID, Long> checkpointAtKill = awaitCheckpointedRunsOn("replica-b", steps.keySet());
            replicas.get("replica-b").kill();
            Instant killedAt = Instant.now();
            replicas.put("replica-b", ServiceProcess.start("replica-b-again", shared.resolve("checkpoints"),
                    settings(shared, "replica-b")));

            awaitAllSucceeded(steps.keySet());
            Duration total = Duration.between(began, Instant.now());

            Map<UUID, List<Attempt>> attempts = attempts(steps.keySet());
            for (Map.Entry<UUID, List<Attempt>> job : attempts.entrySet()) {
                List<Attempt> history = job.getValue();
                assertThat(history.get(history.size() - 1).outcome()).as("%s", job.getKey()).isEqualTo("SUCCEEDED");
                for (int i = 1; i < history.size(); i++) {
                    Attempt before = history.get(i - 1);
                    Attempt after = history.get(i);
                    assertThat(after.leaseToken()).as("fencing order of %s", job.getKey())
                            .isGreaterThan(before.leaseToken());
                    assertThat(before.endedAt()).as("attempt %d of %s ended", before.attempt(), job.getKey())
                            .isNotNull();
                    assertThat(after.startedAt()).as("no two attempts of %s at once", job.getKey())
                            .isAfterOrEqualTo(before.endedAt());
                }
                assertCurveIsComplete(job.getKey(), steps.get(job.getKey()));
            }
            assertThat(checkpointAtKill).isNotEmpty();
            for (Map.Entry<UUID, Long> killed : checkpointAtKill.entrySet()) {
                List<Attempt> history = attempts.get(killed.getKey());
                Attempt cut = history.stream().filter(attempt -> attempt.replica().equals("replica-b")
                        && attempt.startedAt().isBefore(killedAt)).reduce((first, second) -> second).orElseThrow();
                assertThat(cut.outcome()).as("the attempt the kill cut short").isEqualTo("WORKER_LOST");
                Attempt next = history.get(history.indexOf(cut) + 1);
                assertThat(next.resumedFromStep()).as("%s continued from its checkpoint", killed.getKey())
                        .isNotNull().isGreaterThanOrEqualTo(killed.getValue());
            }

            Map<String, Integer> succeededOn = new TreeMap<>();
            attempts.values().forEach(history -> succeededOn.merge(history.get(history.size() - 1).replica(), 1,
                    Integer::sum));
            assertThat(succeededOn).as("jobs were spread over the replicas")
                    .containsOnlyKeys("replica-a", "replica-b", "replica-c");

            Map<String, UUID> trainedBy = new HashMap<>();
            attempts.forEach((id, history) -> trainedBy.putIfAbsent(history.get(history.size() - 1).replica(), id));
            for (UUID id : trainedBy.values()) {
                String sha256 = JsonPath.read(replicas.get("replica-a").get("/api/v1/jobs/" + id).body(),
                        "$.model.sha256");
                for (Map.Entry<String, ServiceProcess> replica : replicas.entrySet()) {
                    HttpResponse<byte[]> model = HTTP.send(HttpRequest.newBuilder(replica.getValue()
                            .uri("/api/v1/jobs/" + id + "/model")).header("Authorization",
                                    TestKeys.bearer(TestKeys.ADMIN)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(model.statusCode()).as("model of %s from %s", id, replica.getKey()).isEqualTo(200);
                    assertThat(Sha256.of(model.body())).isEqualTo(sha256);
                    float[] pixels = new float[784];
                    Arrays.fill(pixels, 0.5f);
                    HttpResponse<String> predicted = replica.getValue().post("/api/v1/jobs/" + id + "/predictions",
                            "{\"instances\": [" + Arrays.toString(pixels) + "]}");
                    assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
                    assertThat(JsonPath.<Integer>read(predicted.body(), "$.predictions[0].label")).isBetween(0, 9);
                }
            }
            int attemptCount = attempts.values().stream().mapToInt(List::size).sum();
            System.out.printf("3 replicas x 2 workers, %d jobs (%d of %d updates, %d of %d): started in %d s, all "
                    + "SUCCEEDED %d s after start, %d attempts; SIGKILL of replica-b cut %d checkpointed runs, each "
                    + "resumed from its checkpoint; final attempts per replica %s%n", JOBS, JOBS / 4, LONG,
                    JOBS - JOBS / 4, SHORT, startup.toSeconds(), total.toSeconds(), attemptCount,
                    checkpointAtKill.size(), succeededOn);
            for (ServiceProcess replica : replicas.values()) {
                assertThat(replica.log()).as("a healthy run logs no ERROR").doesNotContain(" ERROR ");
            }
        } finally {
            for (ServiceProcess replica : replicas.values()) {
                replica.close();
            }
        }
    }

    private static String[] settings(Path shared, String name) {
        return new String[] {"--anneal.workers=2", "--anneal.execution.replica=" + name,
                "--anneal.artifacts.root=" + shared.resolve("artifacts"),
                "--anneal.datasets.root=" + shared.resolve("datasets"),
                "--anneal.training.sample-every=" + SAMPLE_EVERY, "--anneal.execution.stale-after=3s",
                "--anneal.execution.heartbeat-interval=250ms", "--anneal.execution.poll-interval=500ms"};
    }

    private static void startAll(Map<String, ServiceProcess> replicas, Path shared, String... names)
            throws Exception {
        Files.createDirectories(shared.resolve("checkpoints"));
        ExecutorService starter = Executors.newFixedThreadPool(names.length);
        try {
            Map<String, Future<ServiceProcess>> starting = new LinkedHashMap<>();
            for (String name : names) {
                starting.put(name, starter.submit(() -> ServiceProcess.start(name, shared.resolve("checkpoints"),
                        settings(shared, name))));
            }
            for (Map.Entry<String, Future<ServiceProcess>> started : starting.entrySet()) {
                replicas.put(started.getKey(), started.getValue().get());
            }
        } finally {
            starter.shutdown();
        }
    }

    /** Waits until {@code replica} runs one of the jobs or more with a checkpoint recorded; their steps. */
    private static Map<UUID, Long> awaitCheckpointedRunsOn(String replica, java.util.Set<UUID> jobs) {
        Map<UUID, Long> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen.clear();
            try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                    SELECT j.id, j.checkpoint_step FROM training_job j
                      JOIN job_attempt a ON a.job_id = j.id AND a.attempt = j.attempt
                     WHERE j.status = 'RUNNING' AND a.replica = ? AND j.checkpoint_step IS NOT NULL
                       AND j.id = ANY (?)""")) {
                query.setString(1, replica);
                query.setArray(2, db.createArrayOf("uuid", jobs.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        seen.put(rows.getObject(1, UUID.class), rows.getLong(2));
                    }
                }
            }
            return !seen.isEmpty();
        });
        return seen;
    }

    private static void awaitAllSucceeded(java.util.Set<UUID> jobs) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Map<String, Integer> byStatus = new HashMap<>();
            try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                    "SELECT status, count(*) FROM training_job WHERE id = ANY (?) GROUP BY status")) {
                query.setArray(1, db.createArrayOf("uuid", jobs.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        byStatus.put(rows.getString(1), rows.getInt(2));
                    }
                }
            }
            assertThat(byStatus).as("no job failed or was cancelled").doesNotContainKeys("FAILED", "CANCELLED");
            return byStatus.getOrDefault("SUCCEEDED", 0) == jobs.size();
        });
    }

    private record Attempt(int attempt, String replica, long leaseToken, Instant startedAt, Instant endedAt,
            String outcome, Long resumedFromStep) {
    }

    private static Map<UUID, List<Attempt>> attempts(java.util.Set<UUID> jobs) throws SQLException {
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                SELECT job_id, attempt, replica, lease_token, started_at, ended_at, outcome, resumed_from_step
                  FROM job_attempt WHERE job_id = ANY (?) ORDER BY job_id, attempt""")) {
            query.setArray(1, db.createArrayOf("uuid", jobs.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp ended = rows.getTimestamp(6);
                    long resumed = rows.getLong(8);
                    attempts.computeIfAbsent(rows.getObject(1, UUID.class), id -> new ArrayList<>()).add(new Attempt(
                            rows.getInt(2), rows.getString(3), rows.getLong(4), rows.getTimestamp(5).toInstant(),
                            ended == null ? null : ended.toInstant(), rows.getString(7),
                            rows.wasNull() ? null : resumed));
                }
            }
        }
        assertThat(attempts).hasSize(jobs.size());
        return attempts;
    }

    /** One loss point per sampled update, each once: step 1, then SAMPLE_EVERY, 2 SAMPLE_EVERY, ... up to the end. */
    private static void assertCurveIsComplete(UUID id, long steps) throws SQLException {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                SELECT count(*), count(DISTINCT step), min(step), max(step), count(*) FILTER (WHERE step % ? <> 0 AND step <> 1)
                  FROM curve_point WHERE job_id = ? AND metric = 'loss'""")) {
            query.setInt(1, SAMPLE_EVERY);
            query.setObject(2, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).as("loss points of %s", id).isEqualTo(steps / SAMPLE_EVERY + 1);
                assertThat(row.getLong(2)).isEqualTo(steps / SAMPLE_EVERY + 1);
                assertThat(row.getLong(3)).isEqualTo(1);
                assertThat(row.getLong(4)).isEqualTo(steps);
                assertThat(row.getLong(5)).isZero();
            }
        }
    }

    private static Connection connect() throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        return DriverManager.getConnection(db.url(), db.username(), db.password());
    }
}
