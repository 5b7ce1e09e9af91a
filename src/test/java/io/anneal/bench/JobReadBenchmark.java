package io.anneal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/jobs/{id}} as wrk sends it (16 connections, 2 threads, on the same two cores)
 * while two jobs of the paper's 20 x 50 network train on the two workers: the first 10 s after the
 * service started, then warm, alternating 10 s rounds of plain reads (every answer a 200 with the whole
 * job) and conditional ones (each connection sends the ETag of its last answer in If-None-Match and gets
 * 304 until the job changes, about once a second while it trains), of the training job and of a
 * finished one; and, as the floor of what any request costs here, the liveness probe (no key, no
 * database) under the same load. Needs wrk ({@code apt-get install wrk}).
 */
public final class JobReadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WRK = "/usr/bin/wrk";
    private static final int ROUNDS = 3;

    /** Keeps each connection's last ETag and sends it; counts the answers by status. */
    private static final String CONDITIONAL = """
            local etag = nil
            local statuses = {}
            request = function()
              if etag then wrk.headers["If-None-Match"] = etag end
              return wrk.format()
            end
            response = function(status, headers, body)
              if headers["ETag"] then etag = headers["ETag"] end
              statuses[status] = (statuses[status] or 0) + 1
            end
            """;

    private JobReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!Files.isExecutable(Path.of(WRK))) {
            throw new IllegalStateException("this benchmark drives the service with wrk: apt-get install wrk");
        }
        Path conditional = Files.createTempFile("conditional", ".lua");
        Files.writeString(conditional, CONDITIONAL);
        try (ConfigurableApplicationContext service = BenchService.start()) {
            String base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();
            String finished = submit(http, base, "finished", 50);
            waitFor(http, base, finished, "SUCCEEDED");
            String training = submit(http, base, "load-1", 10_000_000);
            String other = submit(http, base, "load-2", 10_000_000);
            waitFor(http, base, training, "RUNNING");
            waitFor(http, base, other, "RUNNING");

            List<String> lines = new ArrayList<>();
            lines.add(line("first 10 s after start, plain", wrk(base + "/api/v1/jobs/" + training, null)));
            List<double[]> plain = new ArrayList<>();
            List<double[]> conditionalReads = new ArrayList<>();
            List<double[]> finishedPlain = new ArrayList<>();
            List<double[]> finishedConditional = new ArrayList<>();
            List<double[]> floor = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                plain.add(wrk(base + "/api/v1/jobs/" + training, null));
                conditionalReads.add(wrk(base + "/api/v1/jobs/" + training, conditional));
                finishedPlain.add(wrk(base + "/api/v1/jobs/" + finished, null));
                finishedConditional.add(wrk(base + "/api/v1/jobs/" + finished, conditional));
                floor.add(wrk(base + "/livez", null));
            }
            lines.add(line("warm, training job, plain", median(plain)));
            lines.add(line("warm, training job, If-None-Match", median(conditionalReads)));
            lines.add(line("warm, finished job, plain", median(finishedPlain)));
            lines.add(line("warm, finished job, If-None-Match", median(finishedConditional)));
            lines.add(line("warm, GET /livez (no key, no database)", median(floor)));
            for (String id : List.of(training, other)) {
                send(http, "POST", base + "/api/v1/jobs/" + id + "/cancel", "");
            }
            System.out.printf("%nGET /api/v1/jobs/{id} while 2 jobs train, wrk -t2 -c16 -d10s, median of %d rounds%n",
                    ROUNDS);
            System.out.printf("%-40s | %9s | %9s | %9s%n", "", "req/s", "p50, ms", "p99, ms");
            lines.forEach(System.out::println);
        } finally {
            Files.deleteIfExists(conditional);
        }
    }

    private static String line(String what, double[] figures) {
        return String.format("%-40s | %9.0f | %9.2f | %9.2f", what, figures[0], figures[1], figures[2]);
    }

    private static double[] median(List<double[]> rounds) {
        double[] median = new double[3];
        for (int i = 0; i < 3; i++) {
            int index = i;
            median[i] = BenchData.median(rounds.stream().mapToDouble(round -> round[index]).toArray());
        }
        return median;
    }

    /** Requests per second, p50 and p99 in ms, from one 10 s run of wrk. */
    private static double[] wrk(String url, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(WRK, "-t2", "-c16", "-d10s", "--latency",
                "-H", "Authorization: Bearer " + BenchService.KEY));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || output.contains("Non-2xx") && script == null) {
            throw new IllegalStateException("wrk failed or saw errors:\n" + output);
        }
        return new double[] {number(output, "Requests/sec:\\s+([0-9.]+)"), millis(output, "50%"), millis(output, "99%")};
    }

    private static double millis(String output, String percentile) {
        Matcher matcher = Pattern.compile(percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1_000;
            case "s" -> value * 1_000;
            default -> value;
        };
    }

    private static double number(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String submit(HttpClient http, String base, String name, long steps) throws Exception {
        String spec = """
                {"name": "%s", "dataset": "mnist-10k", "model": {"hiddenLayers": 20, "hiddenUnits": 50,
                 "init": {"type": "he"}}, "optimizer": {"type": "sgd", "learningRate": 0.02},
                 "training": {"maxSteps": %d, "batchSize": 128}}""".formatted(name, steps);
        return JSON.readTree(send(http, "POST", base + "/api/v1/jobs", spec)).get("id").asString();
    }

    private static void waitFor(HttpClient http, String base, String id, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!JSON.readTree(send(http, "GET", base + "/api/v1/jobs/" + id, null)).get("status").asString()
                .equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + id + " not " + status + " within 2 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static String send(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + BenchService.KEY).header("Content-Type", "application/json");
        HttpResponse<String> response = http.send(request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
