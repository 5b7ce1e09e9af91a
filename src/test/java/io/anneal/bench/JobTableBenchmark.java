package io.anneal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the job table's size costs the requests that should not care: with 0, 10^4, 10^5 and 10^6
 * other jobs in the table (a tenant's backlog: a tenth SUCCEEDED a month before the rest, which are
 * QUEUED at low priority and never claimed, the tenant's running quota being 0), the median of
 * <ul>
 * <li>a new one-step job's wait from submit to RUNNING (the job's own {@code startedAt - createdAt}),
 *     submitted by another tenant with one free worker;</li>
 * <li>{@code GET /api/v1/jobs?status=SUCCEEDED&limit=20} and {@code GET /api/v1/jobs?limit=20} as the
 *     tenant with the backlog;</li>
 * <li>a submit by the tenant with the backlog (its queue quotas are checked against its backlog);</li>
 * <li>a Prometheus scrape, and the job gauges' refresh behind it: {@code JobService.statistics()} against
 *     counting the table by status as the gauges did before.</li>
 * </ul>
 * The table is filled by SQL, and measured once the job counts have folded the changes in.
 */
public final class JobTableBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int[] SIZES = {0, 10_000, 100_000, 1_000_000};
    private static final int REPEATS = 11;

    private JobTableBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start("--anneal.workers=1")) {
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Client admin = new Client(http, base, BenchService.KEY);
            admin.send("POST", "/api/v1/tenants", """
                    {"id": "backlog", "name": "A tenant with a backlog", "quotas": {"runningJobs": 0,
                     "queuedJobs": 2000000, "queuedSteps": 1000000000000}}""");
            Client backlog = new Client(http, base, JSON.readTree(admin.send("POST", "/api/v1/tenants/backlog/keys",
                    "{\"name\": \"bench\", \"role\": \"member\"}")).get("key").asString());
            String spec = """
                    {"name": "%s", "dataset": "synthetic", "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                     "training": {"maxSteps": 1, "batchSize": 8}}""";
            JsonNode sample = JSON.readTree(backlog.send("POST", "/api/v1/jobs", spec.formatted("template")));
            jdbc.update("UPDATE training_job SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?::uuid",
                    sample.get("id").asString());

            io.anneal.job.JobService jobs = service.getBean(io.anneal.job.JobService.class);
            System.out.printf("%-10s | %-17s | %-17s | %-17s | %-15s | %-10s | %-15s | %s%n", "other jobs",
                    "to RUNNING, ms", "backlog submit, ms", "list SUCCEEDED, ms", "list all, ms", "scrape, ms",
                    "gauges now, ms", "gauges before, ms");
            int stored = 1;
            for (int size : SIZES) {
                if (size > stored) {
                    fill(jdbc, stored, size, sample.get("id").asString());
                    stored = size;
                }
                double submit = median(() -> startWait(admin, spec));
                double filtered = median(() -> backlog.send("GET", "/api/v1/jobs?status=SUCCEEDED&limit=20", null));
                double unfiltered = median(() -> backlog.send("GET", "/api/v1/jobs?limit=20", null));
                double backlogSubmit = median(() -> backlog.send("POST", "/api/v1/jobs", spec.formatted("more")));
                double scrape = median(() -> admin.send("GET", "/actuator/prometheus", null));
                double gauges = median(jobs::statistics);
                double before = median(() -> jdbc.queryForList(
                        "SELECT status, count(*) FROM training_job GROUP BY status"));
                System.out.printf("%,10d | %17.1f | %18.1f | %18.1f | %15.1f | %10.1f | %15.1f | %.1f%n", size,
                        submit, backlogSubmit, filtered, unfiltered, scrape, gauges, before);
            }
        }
    }

    /**
     * Adds backlog jobs up to {@code size} (copies of the template's spec): the oldest tenth SUCCEEDED,
     * the rest QUEUED at priority -10.
     */
    private static void fill(JdbcTemplate jdbc, int from, int to, String template) {
        jdbc.update("""
                INSERT INTO training_job (id, owner, name, status, priority, spec, created_at, queued_at, finished_at,
                    planned_steps)
                SELECT gen_random_uuid(), 'backlog', 'backlog-' || i, CASE WHEN i % 10 = 0 THEN 'SUCCEEDED' ELSE 'QUEUED' END,
                       -10, t.spec, created, created, CASE WHEN i % 10 = 0 THEN created END, 1
                FROM generate_series(?, ? - 1) AS i, training_job t,
                     LATERAL (SELECT now() - CASE WHEN i % 10 = 0 THEN interval '60 days' ELSE interval '30 days' END
                         + i * interval '1 ms' AS created) c
                WHERE t.id = ?::uuid""", from, to, template);
        jdbc.execute("VACUUM ANALYZE training_job");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM job_count_change", Long.class) > 1_000) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job count changes not folded within 5 minutes");
            }
            sleep(200);
        }
        jdbc.execute("VACUUM ANALYZE job_count_change");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a one-step job and returns, once it runs, how long it waited by the server's clock. */
    private static double startWait(Client admin, String spec) throws Exception {
        String id = JSON.readTree(admin.send("POST", "/api/v1/jobs", spec.formatted("probe"))).get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = JSON.readTree(admin.send("GET", "/api/v1/jobs/" + id, null));
            if (job.hasNonNull("startedAt")) {
                return Duration.between(Instant.parse(job.get("createdAt").asString()),
                        Instant.parse(job.get("startedAt").asString())).toNanos() / 1e6;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("job " + id + " did not start within 30 s");
    }

    /** Milliseconds: the median of {@link #REPEATS} calls after two unmeasured ones (a timed call's own result when it returns a Double). */
    private static double median(Callable<?> call) throws Exception {
        call.call();
        call.call();
        double[] millis = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long started = System.nanoTime();
            Object result = call.call();
            millis[i] = result instanceof Double measured ? measured : (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[REPEATS / 2];
    }

    private record Client(HttpClient http, String base, String key) {

        String send(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + key);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        }
    }
}
