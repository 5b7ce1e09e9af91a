package io.anneal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What watching costs training: two jobs of the paper's 20 x 50 network train on the two workers while
 * 0 or {@link #WATCHERS} clients stream the first job's events, alternated in rounds in one process;
 * updates/s of both jobs together from their progress, and the events the watchers received. Run it with
 * the service's collector: {@code -Dbench.gc=-XX:+UseParallelGC} (the default serial one stops the
 * workers for every young collection, and 200 streams allocate).
 */
public final class StreamBenchmark {

    private static final String KEY = BenchService.KEY;
    private static final int WATCHERS = 200;
    private static final Duration ROUND = Duration.ofSeconds(15);
    private static final int ROUNDS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Flow.Subscription> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start("--anneal.training.sample-every=10")) {
            URI base = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String spec = """
                    {"name": "%s", "dataset": "mnist-10k", "model": {"hiddenLayers": 20, "hiddenUnits": 50,
                     "init": {"type": "he"}}, "optimizer": {"type": "sgd", "learningRate": 0.02},
                     "training": {"maxSteps": 10000000, "batchSize": 100}}""";
            List<String> jobs = new ArrayList<>();
            for (String name : List.of("watched", "unwatched")) {
                jobs.add(JSON.readTree(http.send(request(base.resolve("/api/v1/jobs")).header("Content-Type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(spec.formatted(name))).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("id").asString());
            }
            Thread.sleep(10_000); // both running, past the JIT's first compilations
            watch(http, base, jobs.get(0), new AtomicLong(), Duration.ofSeconds(8)); // the streams' own warm-up
            List<Double> alone = new ArrayList<>();
            List<Double> watched = new ArrayList<>();
            long events = 0;
            List<Long> watchers = new ArrayList<>();
            Map<String, Long> cpu = new java.util.TreeMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                watchers.add(scraped(http, base, "anneal_streams_watchers"));
                alone.add(updatesPerSecond(http, base, jobs));
                AtomicLong lines = new AtomicLong();
                List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
                long after = cursor(http, base, jobs.get(0));
                for (int w = 0; w < WATCHERS; w++) {
                    streams.add(http.sendAsync(request(base.resolve("/api/v1/jobs/" + jobs.get(0) + "/events?after="
                            + after)).build(), HttpResponse.BodyHandlers.fromLineSubscriber(counter(lines))));
                }
                Thread.sleep(2_000);
                long before = lines.get();
                watchers.add(scraped(http, base, "anneal_streams_watchers"));
                Map<String, Long> cpuBefore = cpuByThreadGroup();
                watched.add(updatesPerSecond(http, base, jobs));
                Map<String, Long> cpuAfter = cpuByThreadGroup();
                cpuAfter.forEach((group, nanos) -> cpu.merge(group, nanos - cpuBefore.getOrDefault(group, 0L), Long::sum));
                events += lines.get() - before;
                closeAll();
            }
            for (String id : jobs) {
                http.send(request(base.resolve("/api/v1/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
            }
            double a = BenchData.median(alone.stream().mapToDouble(Double::doubleValue).toArray());
            double b = BenchData.median(watched.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf("%nTwo 20 x 50 jobs on 2 workers, total updates/s, %d rounds of %d s alternated%n", ROUNDS,
                    ROUND.toSeconds());
            System.out.printf("no watchers:        %7.1f  %s%n", a, alone);
            System.out.printf("%d watchers:       %7.1f  %s%n", WATCHERS, b, watched);
            System.out.printf("watchers the service counted at the start of each round (alone, watched, ...): %s%n",
                    watchers);
            System.out.printf("CPU seconds per second while watched, by thread: %s%n", cpu.entrySet().stream()
                    .map(entry -> entry.getKey() + " " + String.format("%.3f", entry.getValue() / 1e9
                            / (ROUNDS * (double) ROUND.toSeconds()))).toList());
            System.out.printf("ratio watched / alone: %.3f; lines the watchers received while measured: %d (%.0f/s)%n",
                    b / a, events, events / (ROUNDS * (double) ROUND.toSeconds()));
        }
    }

    private static void watch(HttpClient http, URI base, String job, AtomicLong lines, Duration time) throws Exception {
        long after = cursor(http, base, job);
        List<CompletableFuture<HttpResponse<Void>>> streams = new ArrayList<>();
        for (int w = 0; w < WATCHERS; w++) {
            streams.add(http.sendAsync(request(base.resolve("/api/v1/jobs/" + job + "/events?after=" + after)).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(counter(lines))));
        }
        Thread.sleep(time.toMillis());
        closeAll();
    }

    private static void closeAll() throws InterruptedException {
        OPEN.forEach(Flow.Subscription::cancel);
        OPEN.clear();
        Thread.sleep(2_000);
    }

    /** CPU time of this process's threads, summed by the name they start with (digits and dashes cut). */
    private static Map<String, Long> cpuByThreadGroup() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            String group = info.getThreadName().replaceAll("[-_ ]?\\d+", "").replaceAll("[-_ ]+$", "");
            byGroup.merge(group, Math.max(0, nanos), Long::sum);
        }
        return byGroup;
    }

    /** Updates per second of both jobs together over one round, from the steps they report. */
    private static double updatesPerSecond(HttpClient http, URI base, List<String> jobs) throws Exception {
        long start = steps(http, base, jobs);
        long began = System.nanoTime();
        Thread.sleep(ROUND.toMillis());
        return (steps(http, base, jobs) - start) / ((System.nanoTime() - began) / 1e9);
    }

    /** Updates done on this replica, counted at every step (the jobs' progress is only written each second). */
    private static long steps(HttpClient http, URI base, List<String> jobs) throws Exception {
        return scraped(http, base, "anneal_training_steps_total");
    }

    private static long scraped(HttpClient http, URI base, String meter) throws Exception {
        String scrape = http.send(request(base.resolve("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(line -> line.startsWith(meter))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + meter));
    }

    /** The number of the watched job's last point now: watchers stream what comes after it. */
    private static long cursor(HttpClient http, URI base, String job) throws Exception {
        return JSON.readTree(http.send(request(base.resolve("/api/v1/jobs/" + job + "/curves?metric=loss&maxPoints=2"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).get("cursor").asLong();
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY);
    }

    /** Counts lines; every subscription is kept in {@link #OPEN}, so that cancelling it closes the connection. */
    private static Flow.Subscriber<String> counter(AtomicLong lines) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                OPEN.add(subscription);
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                lines.incrementAndGet();
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onComplete() {
            }
        };
    }
}
