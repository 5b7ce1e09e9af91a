package io.anneal.job;

import io.anneal.bench.BenchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many jobs a second the queue hands out, on one PostgreSQL: 2,000 queued one-step jobs drained by
 * the claim path of 1, 2 and 4 replicas of two workers each (2, 4 and 8 claimers, each claiming a job
 * through {@link JobQueue#claimNext} and ending it at once with {@link JobQueue#succeeded}, the two
 * transactions a worker makes around a run), so that it measures the database and the claim path, not
 * training. Then the same with 100,000 other jobs queued (another tenant's backlog, its running quota
 * 0, and a low-priority backlog of the draining tenant itself), and the claim query's plan on them.
 * Prints jobs/s and the claim's latency p50 / p99 per setting.
 */
public final class QueueThroughputBenchmark {

    private static final int JOBS = 2_000;
    private static final int WORKERS_PER_REPLICA = 2;

    private QueueThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start("--anneal.workers=0")) {
            JobQueue queue = service.getBean(JobQueue.class);
            JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
            jdbc.update("INSERT INTO tenant (id, name, created_at, max_running_jobs) VALUES ('backlog', 'Backlog', now(), 0)");
            System.out.printf("%-44s | %8s | %12s | %12s%n", "", "jobs/s", "claim p50 ms", "claim p99 ms");
            drain(queue, jdbc, 1, "warm-up (not counted)");
            for (int replicas : new int[] {1, 2, 4}) {
                drain(queue, jdbc, replicas, replicas + " replica(s) x " + WORKERS_PER_REPLICA + " workers, empty queue");
            }
            jdbc.update("""
                    INSERT INTO training_job (id, owner, name, status, priority, spec, created_at, queued_at, planned_steps)
                    SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'backlog' ELSE 'default' END, 'other-' || i,
                           'QUEUED', -10, ('{"name": "other-' || i || '", "dataset": {"name": "synthetic"}}')::jsonb,
                           now() - interval '1 day' + i * interval '1 ms',
                           now() - interval '1 day' + i * interval '1 ms', 1
                    FROM generate_series(1, 100000) AS i""");
            jdbc.execute("VACUUM ANALYZE training_job");
            for (int replicas : new int[] {1, 2, 4}) {
                drain(queue, jdbc, replicas, replicas + " replica(s) x " + WORKERS_PER_REPLICA
                        + " workers, 100,000 others queued");
            }
            fill(jdbc);
            System.out.println();
            System.out.println("The claim query with 100,000 others queued (EXPLAIN ANALYZE):");
            jdbc.queryForList("EXPLAIN (ANALYZE, BUFFERS) " + TrainingJobRepository.CLAIM
                    .replace(":defaultMaxRunning", "16").replace(":excluded", "''"), String.class)
                    .forEach(line -> System.out.println("  " + line));
        }
    }

    /** Queues {@link #JOBS} one-step jobs of the default tenant at priority 0. */
    private static void fill(JdbcTemplate jdbc) {
        jdbc.update("""
                INSERT INTO training_job (id, owner, name, status, priority, spec, created_at, queued_at, planned_steps)
                SELECT gen_random_uuid(), 'default', 'one-step-' || i, 'QUEUED', 0,
                       '{"name": "one-step", "dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1,
                         "hiddenUnits": 8}, "training": {"maxSteps": 1, "batchSize": 8}}'::jsonb,
                       clock_timestamp(), clock_timestamp(), 1
                FROM generate_series(1, ?) AS i""", JOBS);
    }

    private static void drain(JobQueue queue, JdbcTemplate jdbc, int replicas, String label) throws Exception {
        fill(jdbc);
        int claimers = replicas * WORKERS_PER_REPLICA;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        long started = System.nanoTime();
        List<Future<List<Long>>> results = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger remaining = new java.util.concurrent.atomic.AtomicInteger(JOBS);
        for (int c = 0; c < claimers; c++) {
            String replica = "bench-replica-" + (c / WORKERS_PER_REPLICA);
            results.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (remaining.getAndDecrement() > 0) {
                    long before = System.nanoTime();
                    Optional<ClaimedJob> claimed = queue.claimNext(replica);
                    if (claimed.isEmpty()) {
                        throw new IllegalStateException("the queue ran dry before " + JOBS + " claims");
                    }
                    latencies.add(System.nanoTime() - before);
                    queue.succeeded(claimed.get().lease(), new RunProgress(1, 1, 1L, 0.5), 0.5, 0.5, null);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        int left = jdbc.queryForObject("SELECT count(*) FROM training_job WHERE owner = 'default' AND priority = 0 "
                + "AND status = 'QUEUED'", Integer.class);
        if (all.size() != JOBS || left != 0) {
            throw new IllegalStateException(label + ": claimed " + all.size() + " of " + JOBS + ", " + left + " left");
        }
        jdbc.update("DELETE FROM training_job WHERE owner = 'default' AND priority = 0");
        double[] millis = all.stream().mapToDouble(nanos -> nanos / 1e6).toArray();
        System.out.printf("%-44s | %8.0f | %12.2f | %12.2f%n", label, JOBS / seconds, percentile(millis, 50),
                percentile(millis, 99));
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
