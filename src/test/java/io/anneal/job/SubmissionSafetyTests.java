package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.JobSpecs;
import io.anneal.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** Submission over real HTTP on a node without workers: idempotency, concurrency and size limits. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "anneal.workers=0")
@ActiveProfiles("test")
class SubmissionSafetyTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** This node has no workers; jobs left queued would only delay other tests sharing the database. */
    @org.junit.jupiter.api.AfterEach
    void dropQueuedJobs() {
        jdbc.update("DELETE FROM training_job WHERE status = 'QUEUED'");
    }

    @Test
    void theSameKeyAndBodyReturnTheSameJobAndAnotherBodyIsRefused() throws Exception {
        int before = jobCount();
        HttpResponse<String> first = post(JobSpecs.small("idempotent"), "key-same-body");
        HttpResponse<String> again = post(JobSpecs.small("idempotent"), "key-same-body");
        HttpResponse<String> other = post(JobSpecs.small("something else"), "key-same-body");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(id(again)).isEqualTo(id(first));
        assertThat(again.headers().firstValue("Location")).contains("/api/v1/jobs/" + id(first));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("idempotency-key-reused");
        assertThat(jobCount()).isEqualTo(before + 1);
    }

    @Test
    void aThousandConcurrentSubmissionsWithRepeatedKeysCreateExactlyTheExpectedJobs() throws Exception {
        int before = jobCount();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(i % 3 == 2 ? "load-" + (i - 1) : (i % 3 == 1 ? "load-" + i : null));
        }
        long expectedJobs = keys.stream().filter(key -> key == null).count()
                + keys.stream().filter(key -> key != null).distinct().count();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String key : keys) {
                String name = key == null ? "load-anonymous" : key;
                sent.add(pool.submit(() -> {
                    int status = post(JobSpecs.small(name), key).statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("1000 concurrent submissions in %.2f s (%.0f/s), statuses %s%n", seconds, 1000 / seconds,
                statuses);
        assertThat(statuses.keySet()).containsOnly(200, 201);
        assertThat(statuses.get(201).get()).isEqualTo((int) expectedJobs);
        assertThat(jobCount()).isEqualTo(before + (int) expectedJobs);
    }

    @Test
    void aBodyOverTheSizeLimitIsA413WhetherDeclaredOrStreamed() throws Exception {
        String huge = "{\"name\": \"big\", \"padding\": [" + "1,".repeat(1_500_000) + "1]}";
        HttpResponse<String> declared = HTTP.send(request().POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> streamed = HTTP.send(request().POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(huge.getBytes()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(413);
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN));
    }

    private HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder builder = request().POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<String> response) {
        return com.jayway.jsonpath.JsonPath.read(response.body(), "$.id");
    }

    private int jobCount() {
        return jdbc.queryForObject("SELECT count(*) FROM training_job", Integer.class);
    }
}
