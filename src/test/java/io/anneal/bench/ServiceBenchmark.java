package io.anneal.bench;

import io.anneal.AnnealApplication;
import io.anneal.spec.RunSpec;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.kernel.KernelStep;
import io.anneal.training.internal.noise.NoisePrefetch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against a bare DL4J loop on the same spec, alternated in one process, and the latency
 * from submission to RUNNING with an idle worker. Starts the real service on an embedded PostgreSQL; the
 * figures with noise drawn a step ahead on a pool come from a second instance started with
 * {@code anneal.training.noise-drawing=prefetch} (the first draws it in place, the CPU default).
 */
public final class ServiceBenchmark {

    private static final int EPOCHS = 20;
    private static final int REPEATS = 5;
    /** The JIT needs two or three jobs on each path before step times settle. */
    private static final int WARM_UPS = 3;
    private static final int LATENCY_SUBMISSIONS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "bench-admin-key-0123456789abcdef";

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext service = start("in-place");
        NoisePrefetch bareLoopPrefetch = NoisePrefetch.IN_PLACE;
        try {
            URI base = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
            Dataset digits = BenchData.mnist10k();
            double[] bare = new double[REPEATS];
            double[] served = new double[REPEATS];
            double[] servedClient = new double[REPEATS];
            for (int w = 0; w < WARM_UPS; w++) {
                bareLoopSeconds(digits, bareLoopPrefetch);
                serviceSeconds(base);
            }
            for (int r = 0; r < REPEATS; r++) {
                bare[r] = bareLoopSeconds(digits, bareLoopPrefetch);
                double[] times = serviceSeconds(base);
                served[r] = times[0];
                servedClient[r] = times[1];
            }
            double[] latencies = submitToRunningMillis(base);
            double single = stepsPerSecond(base, 1, false);
            double pair = stepsPerSecond(base, 2, false);
            double singleNoisy = stepsPerSecond(base, 1, true);
            double pairNoisy = stepsPerSecond(base, 2, true);
            service.close();
            service = start("prefetch");
            URI prefetchBase = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
            stepsPerSecond(prefetchBase, 1, true);
            double singlePrefetched = stepsPerSecond(prefetchBase, 1, true);
            double pairPrefetched = stepsPerSecond(prefetchBase, 2, true);
            System.out.printf("%nPaper network + noise, %d epochs of mnist-10k (%d steps), one job at a time, median of %d runs after %d warm-ups each%n",
                    EPOCHS, EPOCHS * 63, REPEATS, WARM_UPS);
            System.out.printf("bare loop (same kernel and updater):  %.3f s  %s%n", BenchData.median(bare), Arrays.toString(bare));
            System.out.printf("service, RUNNING -> SUCCEEDED:        %.3f s  %s%n", BenchData.median(served), Arrays.toString(served));
            System.out.printf("service, POST -> SUCCEEDED seen:      %.3f s%n", BenchData.median(servedClient));
            System.out.printf("ratio service / bare (server times):  %.3f%n", BenchData.median(served) / BenchData.median(bare));
            System.out.printf("ratio service / bare (client times):  %.3f%n", BenchData.median(servedClient) / BenchData.median(bare));
            System.out.printf("paper network through the service, 2 workers, total updates/s of 1 job and of 2 concurrent jobs:%n");
            System.out.printf("  plain SGD:                  1 job %6.1f, 2 jobs %6.1f (%.2fx)%n", single, pair, pair / single);
            System.out.printf("  SGD + noise, in place:      1 job %6.1f, 2 jobs %6.1f (%.2fx)%n", singleNoisy, pairNoisy,
                    pairNoisy / singleNoisy);
            System.out.printf("  SGD + noise, prefetched:    1 job %6.1f, 2 jobs %6.1f (%.2fx)%n", singlePrefetched, pairPrefetched,
                    pairPrefetched / singlePrefetched);
            System.out.printf("submit -> RUNNING over %d submissions: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    LATENCY_SUBMISSIONS, BenchData.percentile(latencies, 50), BenchData.percentile(latencies, 99),
                    BenchData.percentile(latencies, 100));
        } finally {
            service.close();
        }
    }

    /** The service on an embedded PostgreSQL of its own, drawing noise as {@code noiseDrawing} says. */
    private static ConfigurableApplicationContext start(String noiseDrawing) throws java.io.IOException {
        return new SpringApplicationBuilder(AnnealApplication.class).run(
                "--server.port=0", "--anneal.workers=2", "--anneal.training.noise-drawing=" + noiseDrawing,
                "--anneal.database.embedded.port=0",
                "--anneal.database.embedded.data-directory=" + Files.createTempDirectory(Files.createDirectories(Path.of("target")), "anneal-bench-db"),
                "--anneal.api-keys.admin-key=" + KEY, "--anneal.quotas.requests-per-second=1000000",
                "--logging.level.root=WARN");
    }

    /**
     * The same network, engine, batches, epochs and per-epoch test evaluation, with nothing around it;
     * minibatches gathered into reused arrays, as the service does.
     */
    private static double bareLoopSeconds(Dataset digits, NoisePrefetch prefetch) {
        long start = System.nanoTime();
        RunSpec spec = PaperNetwork.spec(0.01);
        MultiLayerNetwork network = PaperNetwork.build(0.01);
        KernelStep kernel = KernelStep.of(network);
        prefetch.attachTo(kernel.updater());
        int examples = digits.trainExamples();
        java.util.Map<Integer, INDArray[]> batches = new java.util.HashMap<>();
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            int[] order = shuffled(examples, spec.training().seed() * 1_000_003L + epoch);
            for (int from = 0; from < examples; from += PaperNetwork.BATCH) {
                int[] rows = Arrays.copyOfRange(order, from, Math.min(examples, from + PaperNetwork.BATCH));
                INDArray[] batch = batches.computeIfAbsent(rows.length, size -> new INDArray[] {
                        Nd4j.create(DataType.FLOAT, size, digits.features()),
                        Nd4j.create(DataType.FLOAT, size, digits.classes())});
                Nd4j.pullRows(digits.trainFeatures(), batch[0], 1, rows);
                Nd4j.pullRows(digits.trainLabels(), batch[1], 1, rows);
                kernel.fit(batch[0], batch[1]);
            }
            INDArray predicted = network.output(digits.testFeatures(), false).argMax(1);
            predicted.eq(digits.testLabels().argMax(1)).castTo(DataType.LONG).sumNumber();
        }
        kernel.close();
        return (System.nanoTime() - start) / 1e9;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Server-side RUNNING-to-SUCCEEDED time and client-side POST-to-SUCCEEDED time, in seconds. */
    private static double[] serviceSeconds(URI base) throws Exception {
        String spec = """
                {"name": "bench", "dataset": {"name": "mnist-10k"},
                 "model": {"hiddenLayers": 20, "hiddenUnits": 50, "init": {"type": "he"}},
                 "optimizer": {"type": "sgd", "learningRate": 0.01},
                 "gradientNoise": {"eta": 0.01, "seed": 7},
                 "training": {"epochs": %d, "batchSize": 128, "seed": 1}}""".formatted(EPOCHS);
        long start = System.nanoTime();
        JsonNode job = awaitFinished(base, post(base, spec).get("id").asString(), Duration.ofMillis(5));
        double client = (System.nanoTime() - start) / 1e9;
        if (!"SUCCEEDED".equals(job.get("status").asString())) {
            throw new IllegalStateException("benchmark job ended " + job);
        }
        return new double[] {seconds(job, "startedAt", "finishedAt"), client};
    }

    /** Total updates per second of {@code jobs} identical jobs submitted together, from server times. */
    private static double stepsPerSecond(URI base, int jobs, boolean noise) throws Exception {
        String spec = """
                {"name": "throughput", "dataset": {"name": "mnist-10k"},
                 "model": {"hiddenLayers": 20, "hiddenUnits": 50, "init": {"type": "he"}},
                 "optimizer": {"type": "sgd", "learningRate": 0.01}%s,
                 "training": {"maxSteps": 5000, "batchSize": 128}}""".formatted(
                noise ? ", \"gradientNoise\": {\"eta\": 0.01}" : "");
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(post(base, spec).get("id").asString());
        }
        double steps = 0;
        Instant first = null;
        Instant last = null;
        for (String id : ids) {
            JsonNode job = awaitFinished(base, id, Duration.ofMillis(50));
            steps += job.get("progress").get("step").asLong();
            Instant started = Instant.parse(job.get("startedAt").asString());
            Instant finished = Instant.parse(job.get("finishedAt").asString());
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        return steps / (Duration.between(first, last).toNanos() / 1e9);
    }

    private static double[] submitToRunningMillis(URI base) throws Exception {
        String tiny = """
                {"name": "latency", "dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                 "training": {"maxSteps": 1, "batchSize": 10}}""";
        double[] latencies = new double[LATENCY_SUBMISSIONS];
        for (int i = 0; i < LATENCY_SUBMISSIONS; i++) {
            JsonNode job = awaitFinished(base, post(base, tiny).get("id").asString(), Duration.ofMillis(2));
            latencies[i] = seconds(job, "createdAt", "startedAt") * 1000;
        }
        return latencies;
    }

    private static double seconds(JsonNode job, String from, String to) {
        return Duration.between(Instant.parse(job.get(from).asString()), Instant.parse(job.get(to).asString()))
                .toNanos() / 1e9;
    }

    private static JsonNode post(URI base, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("submission refused: " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitFinished(URI base, String id, Duration poll) throws Exception {
        while (true) {
            JsonNode job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/jobs/" + id))
                    .header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = job.get("status").asString();
            if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
