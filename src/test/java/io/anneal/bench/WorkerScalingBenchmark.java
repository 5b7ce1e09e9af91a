package io.anneal.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Updates per second of the paper's network (20 x 50 ReLU, He init, SGD 0.02, batch 128, 8,000 updates
 * on mnist-10k) through the service with two workers: one job alone and two at once, plain and with
 * noise (eta 0.01), from the jobs' own start and finish times; rounds alternate the four. Two jobs at
 * once are counted two ways: the experiment's view (both jobs' updates over the time from the first
 * start to the last finish, which includes the stretch where the faster job is done and one core
 * idles) and the workers' view (the sum of each job's own rate, what two workers fed from a queue
 * that never runs dry deliver). During the two-job phases it counts where the CPU went: each JVM
 * thread (grouped by name), garbage collection, the JIT, and the processes of the embedded PostgreSQL
 * (those named postgres of this user).
 */
public final class WorkerScalingBenchmark {

    private static final int ROUNDS = 3;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long STEPS = 8_000;
    private static final String SPEC = """
            {"name": "%s", "dataset": {"name": "mnist-10k"},
             "model": {"hiddenLayers": 20, "hiddenUnits": 50},
             "optimizer": {"type": "sgd", "learningRate": 0.02},
             %s"training": {"maxSteps": %d, "batchSize": 128}}""";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long TICKS_PER_SECOND = 100;

    private WorkerScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ConfigurableApplicationContext service = BenchService.start(args)) {
            URI base = URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port"));
            Map<String, List<Double>> rates = new TreeMap<>();
            Map<String, Double> cpu = new TreeMap<>();
            double[] wall = new double[1];
            // warm-up: every path of the four phases compiled before anything is measured
            for (boolean noisy : new boolean[] {false, true}) {
                run(base, 1, noisy, 2_000);
                run(base, 2, noisy, 4_000);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (boolean noisy : new boolean[] {false, true}) {
                    rates.computeIfAbsent(key("1", noisy), k -> new ArrayList<>()).add(run(base, 1, noisy, STEPS)[0]);
                    CpuSample before = CpuSample.take();
                    Instant start = Instant.now();
                    double[] two = run(base, 2, noisy, STEPS);
                    wall[0] += Duration.between(start, Instant.now()).toNanos() / 1e9;
                    CpuSample.take().minus(before).forEach((name, seconds) -> cpu.merge(name, seconds, Double::sum));
                    rates.computeIfAbsent(key("2", noisy), k -> new ArrayList<>()).add(two[0]);
                    rates.computeIfAbsent(key("2 sum", noisy), k -> new ArrayList<>()).add(two[1]);
                }
            }
            System.out.printf("%nPaper network, %d updates a job, 2 workers, %d rounds: median (range), updates/s "
                    + "from the jobs' own timestamps%n", STEPS, ROUNDS);
            System.out.printf("%-22s %-22s %-30s %-18s %-30s %s%n", "", "1 job", "2 jobs, first start to last finish",
                    "scaling", "2 jobs, sum of their rates", "scaling");
            for (boolean noisy : new boolean[] {false, true}) {
                List<Double> one = rates.get(key("1", noisy));
                List<Double> two = rates.get(key("2", noisy));
                List<Double> sum = rates.get(key("2 sum", noisy));
                System.out.printf("%-22s %-22s %-30s %-18s %-30s %s%n", noisy ? "with noise (eta 0.01)" : "plain",
                        summary(one, "%,.0f"), summary(two, "%,.0f"), summary(ratios(two, one), "%.2fx"),
                        summary(sum, "%,.0f"), summary(ratios(sum, one), "%.2fx"));
            }
            System.out.printf("noisy / plain, 2 jobs, same round: first start to last finish %s, sum of rates %s%n",
                    summary(ratios(rates.get(key("2", true)), rates.get(key("2", false))), "%.2f"),
                    summary(ratios(rates.get(key("2 sum", true)), rates.get(key("2 sum", false))), "%.2f"));
            System.out.printf("%nCPU during the two-job phases (%.1f s wall, %.1f core-seconds available)%n",
                    wall[0], 2 * wall[0]);
            cpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(entry -> entry.getValue() >= 0.05)
                    .forEach(entry -> System.out.printf("%-40s %8.2f s  %5.1f %%%n", entry.getKey(), entry.getValue(),
                            100 * entry.getValue() / (2 * wall[0])));
        }
    }

    private static String key(String jobs, boolean noisy) {
        return jobs + (noisy ? " noisy" : " plain");
    }

    /**
     * Submits {@code jobs} jobs at once and waits for them; returns their updates per second from the
     * first start to the last finish, and the sum of each job's own updates per second.
     */
    private static double[] run(URI base, int jobs, boolean noisy, long steps) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            String noise = noisy ? "\"gradientNoise\": {\"eta\": 0.01, \"seed\": " + (j + 1) + "}, " : "";
            JsonNode created = JSON.readTree(send(base, "POST", "/api/v1/jobs",
                    SPEC.formatted("scaling-" + j, noise, steps)));
            ids.add(created.get("id").asString());
        }
        Instant first = null;
        Instant last = null;
        double sum = 0;
        for (String id : ids) {
            JsonNode job;
            while (true) {
                job = JSON.readTree(send(base, "GET", "/api/v1/jobs/" + id, null));
                String status = job.get("status").asString();
                if (status.equals("SUCCEEDED")) {
                    break;
                }
                if (status.equals("FAILED") || status.equals("CANCELLED")) {
                    throw new IllegalStateException("job " + id + " ended " + job);
                }
                Thread.sleep(POLL.toMillis());
            }
            Instant started = Instant.parse(job.get("startedAt").asString());
            Instant finished = Instant.parse(job.get("finishedAt").asString());
            sum += steps / (Duration.between(started, finished).toNanos() / 1e9);
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || finished.isAfter(last) ? finished : last;
        }
        return new double[] {jobs * steps / (Duration.between(first, last).toNanos() / 1e9), sum};
    }

    private static String send(URI base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + BenchService.KEY);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < numerators.size(); i++) {
            ratios.add(numerators.get(i) / denominators.get(i));
        }
        return ratios;
    }

    private static String summary(List<Double> values, String format) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return (format + " (" + format + "-" + format + ")").formatted(BenchData.median(sorted), sorted[0],
                sorted[sorted.length - 1]);
    }

    /** CPU seconds so far: per JVM thread name (digits dropped), GC, JIT, and PostgreSQL's processes. */
    private record CpuSample(Map<String, Double> seconds) {

        static CpuSample take() throws java.io.IOException {
            Map<String, Double> seconds = new HashMap<>();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (long id : threads.getAllThreadIds()) {
                var info = threads.getThreadInfo(id);
                long nanos = threads.getThreadCpuTime(id);
                if (info != null && nanos > 0) {
                    seconds.merge("thread " + info.getThreadName().replaceAll("\\d+", "#"), nanos / 1e9, Double::sum);
                }
            }
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                seconds.merge("GC pauses (" + collector.getName() + ", wall)", collector.getCollectionTime() / 1e3,
                        Double::sum);
            }
            seconds.put("JIT compiling (all compiler threads)",
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3);
            // the embedded PostgreSQL daemonizes, so its processes are found by name and owner, not as children
            String user = ProcessHandle.current().info().user().orElse("");
            for (ProcessHandle child : ProcessHandle.allProcesses().filter(process -> process.info().user()
                    .orElse("?").equals(user) && process.info().command().orElse("").endsWith("/postgres")).toList()) {
                Path stat = Path.of("/proc", Long.toString(child.pid()), "stat");
                if (Files.isReadable(stat)) {
                    String line = Files.readString(stat);
                    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
                    String command = child.info().command().map(c -> Path.of(c).getFileName().toString())
                            .orElse("child");
                    seconds.merge("process " + command, (Long.parseLong(fields[11]) + Long.parseLong(fields[12]))
                            / (double) TICKS_PER_SECOND, Double::sum);
                }
            }
            return new CpuSample(seconds);
        }

        Map<String, Double> minus(CpuSample before) {
            Map<String, Double> difference = new HashMap<>();
            seconds.forEach((name, value) -> difference.put(name, value - before.seconds.getOrDefault(name, 0.0)));
            return difference;
        }
    }
}
