package io.anneal.curve;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.artifact.CheckpointRef;
import io.anneal.job.ClaimedJob;
import io.anneal.job.FailureReason;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.job.RunProgress;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.support.SseClient;
import io.anneal.support.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.anneal.support.ActAsDefaultAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's event stream over real HTTP. No workers run here: the test claims the job and writes its points
 * as a worker would, so it decides when points appear, when the worker is lost and what is resumed.
 */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "anneal.workers=0")
@ActiveProfiles("test")
class JobEventStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    CurvePointWriter writer;

    @Autowired
    CurveService curves;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM training_job");
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsEveryPointExactlyOnce() throws Exception {
        ClaimedJob job = claimed();
        write(job, Metric.LOSS, 1, 100);
        write(job, Metric.SIGMA, 1, 100);
        List<JsonNode> received = new ArrayList<>();
        String lastId;
        try (SseClient first = SseClient.open(events(job, ""), TestKeys.ADMIN, null)) {
            assertThat(first.status()).isEqualTo(200);
            lastId = readPoints(first, received, 150);
        }
        write(job, Metric.LOSS, 101, 200);
        queue.failed(job.lease(), FailureReason.DIVERGED, "the test ends it", 200L);
        try (SseClient second = SseClient.open(events(job, ""), TestKeys.ADMIN, lastId)) {
            SseClient.Event end = readUntilEnd(second, received);
            assertThat(JSON.readTree(end.data()).get("status").asString()).isEqualTo("FAILED");
        }
        assertThat(keys(received)).as("every stored point, each once").hasSize(300)
                .containsExactlyInAnyOrderElementsOf(storedKeys(job));
    }

    @Test
    void aStreamFollowsTheJobThroughALostWorkerAndTheResumeFromItsCheckpoint() throws Exception {
        ClaimedJob job = claimed();
        write(job, Metric.LOSS, 1, 60);
        queue.heartbeat(job.lease(), new RunProgress(1, 60, 100L, 0.5), new CheckpointRef("{}", 30, 1, Instant.now()));
        List<JsonNode> received = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        try (SseClient stream = SseClient.open(events(job, "?metric=loss"), TestKeys.ADMIN, null)) {
            readPoints(stream, received, 60);
            jdbc.update("UPDATE training_job SET heartbeat_at = now() - interval '1 hour' WHERE id = ?",
                    job.lease().jobId());
            assertThat(queue.recoverStale(Duration.ofSeconds(1), 3)).isEqualTo(1);
            ClaimedJob resumed = queue.claimNext("another-replica").orElseThrow();
            assertThat(resumed.checkpoint().step()).isEqualTo(30);
            awaitStatus(stream, "RUNNING@2", statuses);
            curves.discardAfter(job.lease().jobId(), resumed.lease().token(), 30);
            write(resumed, Metric.LOSS, 31, 80);
            queue.failed(resumed.lease(), FailureReason.DIVERGED, "the test ends it", 80L);
            SseClient.Event end = readUntilEnd(stream, received, statuses);
            assertThat(JSON.readTree(end.data()).get("attempt").asInt()).isEqualTo(2);
        }
        assertThat(statuses).contains("RUNNING@2");
        Map<String, Double> last = new HashMap<>();
        received.forEach(point -> last.put(key(point), point.get("value").asDouble()));
        assertThat(last.keySet()).containsExactlyInAnyOrderElementsOf(storedKeys(job));
        assertThat(received).as("60 points, then the 50 written again from the checkpoint on").hasSize(110);
        assertThat(last.get("loss@31")).isEqualTo(2.0 / 31);
    }

    @Test
    void anotherTenantsJobHasNoStreamAndABadEventIdOrMetricIsRefused() throws Exception {
        ClaimedJob job = claimed();
        try (SseClient unknownMetric = SseClient.open(events(job, "?metric=nothing"), TestKeys.ADMIN, null);
                SseClient badId = SseClient.open(events(job, ""), TestKeys.ADMIN, "yesterday");
                SseClient other = SseClient.open(events(job, ""), otherTenantsKey(), null)) {
            assertThat(unknownMetric.status()).isEqualTo(400);
            assertThat(badId.status()).isEqualTo(400);
            assertThat(other.status()).isEqualTo(404);
        }
    }

    private String otherTenantsKey() throws Exception {
        String tenant = "streams-" + UUID.randomUUID().toString().substring(0, 8);
        admin("/api/v1/tenants", "{\"id\": \"" + tenant + "\"}");
        return JSON.readTree(admin("/api/v1/tenants/" + tenant + "/keys", "{\"name\": \"other\"}")).get("key")
                .asString();
    }

    private String admin(String path, String body) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private ClaimedJob claimed() {
        jobs.submit(new JobSpec("streamed", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null),
                null, null, null, 0));
        return queue.claimNext("test-replica").orElseThrow();
    }

    private void write(ClaimedJob job, Metric metric, long from, long to) throws InterruptedException {
        for (long step = from; step <= to; step++) {
            writer.offer(new io.anneal.curve.CurvePoint(job.lease().jobId(), job.lease().token(), metric, step, 1,
                    (job.attempt() == 1 ? 1.0 : 2.0) / step, Instant.now()));
        }
        assertThat(writer.awaitWritten(10_000)).isTrue();
    }

    private URI events(ClaimedJob job, String query) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + job.lease().jobId() + "/events" + query);
    }

    /** Reads until at least {@code count} points came; returns the last event id. */
    private static String readPoints(SseClient stream, List<JsonNode> received, int count) throws Exception {
        String lastId = null;
        while (received.size() < count) {
            SseClient.Event event = stream.next(WAIT);
            assertThat(event).as("an event within %s", WAIT).isNotNull();
            lastId = event.id();
            if (event.name().equals("points")) {
                JSON.readTree(event.data()).get("points").forEach(received::add);
            }
        }
        return lastId;
    }

    private static void awaitStatus(SseClient stream, String wanted, List<String> statuses) throws Exception {
        while (!statuses.contains(wanted)) {
            SseClient.Event event = stream.next(WAIT);
            assertThat(event).as("status %s within %s; saw %s", wanted, WAIT, statuses).isNotNull();
            if (event.name().equals("status")) {
                JsonNode status = JSON.readTree(event.data());
                statuses.add(status.get("status").asString() + "@" + status.get("attempt").asInt());
            }
        }
    }

    private static SseClient.Event readUntilEnd(SseClient stream, List<JsonNode> received) throws Exception {
        return readUntilEnd(stream, received, new ArrayList<>());
    }

    private static SseClient.Event readUntilEnd(SseClient stream, List<JsonNode> received, List<String> statuses)
            throws Exception {
        long lastId = -1;
        while (true) {
            SseClient.Event event = stream.next(WAIT);
            assertThat(event).as("an event within %s", WAIT).isNotNull();
            assertThat(Long.parseLong(event.id())).as("event ids never go back").isGreaterThanOrEqualTo(lastId);
            lastId = Long.parseLong(event.id());
            switch (event.name()) {
                case "points" -> JSON.readTree(event.data()).get("points").forEach(received::add);
                case "status" -> {
                    JsonNode status = JSON.readTree(event.data());
                    statuses.add(status.get("status").asString() + "@" + status.get("attempt").asInt());
                }
                case "end" -> {
                    return event;
                }
                default -> throw new AssertionError("unexpected event " + event);
            }
        }
    }

    private List<String> storedKeys(ClaimedJob job) {
        return jdbc.queryForList("SELECT metric || '@' || step FROM curve_point WHERE job_id = ?", String.class,
                job.lease().jobId());
    }

    private static List<String> keys(List<JsonNode> points) {
        return points.stream().map(JobEventStreamTests::key).toList();
    }

    private static String key(JsonNode point) {
        return point.get("metric").asString() + "@" + point.get("step").asLong();
    }
}
