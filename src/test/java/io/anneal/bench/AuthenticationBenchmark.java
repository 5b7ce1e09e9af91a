package io.anneal.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API key check costs: {@code GET /api/v1/jobs/{id}} with a key against the same request
 * without one (the service runs with anonymous access as a member of the default tenant, so both take
 * the same path through Spring Security but for the key's verification), alternated in rounds while two
 * jobs train, in one process. Closed loop: {@link #CLIENTS} clients, each sending its next request when
 * the answer to its last has arrived.
 */
public final class AuthenticationBenchmark {

    private static final String KEY = BenchService.KEY;
    private static final int CLIENTS = 16;
    private static final Duration ROUND = Duration.ofSeconds(8);
    private static final int ROUNDS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuthenticationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start("--anneal.api-keys.anonymous-role=member")) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            URI base = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String training = """
                    {"name": "%s", "dataset": "mnist-10k", "model": {"hiddenLayers": 20, "hiddenUnits": 50,
                     "init": {"type": "he"}}, "optimizer": {"type": "sgd", "learningRate": 0.02},
                     "training": {"maxSteps": 10000000, "batchSize": 128}}""";
            List<String> ids = new ArrayList<>();
            for (String name : List.of("load-1", "load-2")) {
                ids.add(JSON.readTree(http.send(post(base.resolve("/api/v1/jobs"), training.formatted(name)), HttpResponse.BodyHandlers
                        .ofString()).body()).get("id").asString());
            }
            URI job = base.resolve("/api/v1/jobs/" + ids.get(0));
            HttpRequest keyed = HttpRequest.newBuilder(job).header("Authorization", "Bearer " + KEY).build();
            HttpRequest anonymous = HttpRequest.newBuilder(job).build();
            load(clients, http, keyed, Duration.ofSeconds(5));
            load(clients, http, anonymous, Duration.ofSeconds(5));
            List<double[]> with = new ArrayList<>();
            List<double[]> without = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                with.add(load(clients, http, keyed, ROUND));
                without.add(load(clients, http, anonymous, ROUND));
            }
            for (String id : ids) {
                http.send(post(base.resolve("/api/v1/jobs/" + id + "/cancel"), ""), HttpResponse.BodyHandlers.discarding());
            }
            System.out.printf("%nGET /api/v1/jobs/{id} while 2 jobs train (20 x 50 network), %d clients, %d rounds of %d s"
                    + " alternated%n", CLIENTS, ROUNDS, ROUND.toSeconds());
            report("with an API key (verified, cached)", with);
            report("without (anonymous member)", without);
            System.out.printf("ratio with / without, req/s: %.3f%n", median(with, 0) / median(without, 0));
            clients.shutdown();
        }
    }

    private static void report(String what, List<double[]> rounds) {
        System.out.printf("%-38s req/s %7.0f  p50 %6.2f ms  p99 %6.2f ms   rounds:", what, median(rounds, 0),
                median(rounds, 1), median(rounds, 2));
        rounds.forEach(round -> System.out.printf(" [%.0f req/s, p99 %.2f ms]", round[0], round[2]));
        System.out.println();
    }

    private static double median(List<double[]> rounds, int index) {
        return BenchData.median(rounds.stream().mapToDouble(round -> round[index]).toArray());
    }

    /** Requests per second, p50 and p99 latency in ms, of {@code request} sent by every client for {@code time}. */
    private static double[] load(ExecutorService clients, HttpClient http, HttpRequest request, Duration time)
            throws Exception {
        long end = System.nanoTime() + time.toNanos();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(clients.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("answered " + response.statusCode());
                    }
                    latencies.add(System.nanoTime() - start);
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> future : futures) {
            all.addAll(future.get());
        }
        double[] millis = all.stream().mapToDouble(nanos -> nanos / 1e6).toArray();
        return new double[] {all.size() / (time.toNanos() / 1e9), BenchData.percentile(millis, 50),
                BenchData.percentile(millis, 99)};
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
