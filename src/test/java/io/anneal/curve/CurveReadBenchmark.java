package io.anneal.curve;

import io.anneal.bench.BenchService;
import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.tenant.CurrentTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reading a long loss curve downsampled to 1,000 points: from every stored point (the method before
 * curve summaries, {@link CurveService#readEveryPoint}) against the summaries ({@link CurveService#read}),
 * side by side in one process on curves of 10^4, 10^5 and 10^6 points written through the curve
 * writer's path, median of 7 reads each; and the summaries' read over HTTP as a client sees it. Also
 * prints the write rate with summaries kept, and the summaries' size next to the points'.
 */
public final class CurveReadBenchmark {

    private static final int READS = 7;
    private static final int MAX_POINTS = 1_000;

    private CurveReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start("--anneal.workers=0")) {
            JobService jobs = service.getBean(JobService.class);
            JobQueue queue = service.getBean(JobQueue.class);
            CurveRepository repository = service.getBean(CurveRepository.class);
            CurveService curves = service.getBean(CurveService.class);
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            CurrentTenant tenant = service.getBean(CurrentTenant.class);
            String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();

            System.out.printf("%-10s | %-14s | %-22s | %-22s | %-18s | %s%n", "points", "write, pts/s",
                    "every point, ms (p50)", "summaries, ms (p50)", "HTTP, ms (p50)", "speed-up");
            for (int size : new int[] {10_000, 100_000, 1_000_000}) {
                UUID id = tenant.callAs("default", () -> {
                    jobs.submit(new JobSpec("curve-" + size, new DatasetRef("synthetic"),
                            new NetworkSpec(null, 1, 8, null, null), null, null, null, 0));
                    return queue.claimNext("bench").orElseThrow().lease().jobId();
                });
                long token = jdbc.queryForObject("SELECT lease_token FROM training_job WHERE id = ?", Long.class, id);
                long started = System.nanoTime();
                List<CurvePoint> batch = new ArrayList<>(1_000);
                Instant now = Instant.now();
                for (long step = 1; step <= size; step++) {
                    double loss = 2.3 / Math.sqrt(step) + 0.05 * Math.sin(step / 7.0) + (step % 99_991 == 0 ? 30 : 0);
                    batch.add(new CurvePoint(id, token, Metric.LOSS, step, (int) (step / 60), loss, now));
                    if (batch.size() == 1_000) {
                        repository.write(batch);
                        batch.clear();
                    }
                }
                double writeRate = size / ((System.nanoTime() - started) / 1e9);
                jdbc.execute("VACUUM ANALYZE curve_point");
                jdbc.execute("VACUUM ANALYZE curve_summary");
                double every = median(() -> tenant.callAs("default",
                        () -> curves.readEveryPoint(id, Metric.LOSS, MAX_POINTS, 0, Long.MAX_VALUE)));
                double summarised = median(() -> tenant.callAs("default",
                        () -> curves.read(id, Metric.LOSS, MAX_POINTS, 0, Long.MAX_VALUE)));
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/" + id
                        + "/curves?metric=loss&maxPoints=" + MAX_POINTS))
                        .header("Authorization", "Bearer " + BenchService.KEY).build();
                double overHttp = median(() -> {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("curve read answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    return response;
                });
                System.out.printf("%,10d | %,14.0f | %22.1f | %22.1f | %18.1f | %.0fx%n", size, writeRate, every,
                        summarised, overHttp, every / summarised);
            }
            System.out.println(jdbc.queryForObject("""
                    SELECT format('stored: curve_point %s (%s rows), curve_summary %s (%s rows)',
                        pg_size_pretty(pg_total_relation_size('curve_point')), (SELECT count(*) FROM curve_point),
                        pg_size_pretty(pg_total_relation_size('curve_summary')), (SELECT count(*) FROM curve_summary))""",
                    String.class));
        }
    }

    /** Milliseconds, the median of {@link #READS} calls after two unmeasured ones. */
    private static double median(Callable<?> read) throws Exception {
        read.call();
        read.call();
        double[] millis = new double[READS];
        for (int i = 0; i < READS; i++) {
            long started = System.nanoTime();
            read.call();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[READS / 2];
    }
}
