package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A generated corpus of malformed and hostile job specs, each sent over HTTP: every one must be
 * answered 4xx with a problem document, none may create a row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "anneal.workers=0")
@ActiveProfiles("test")
class HostileInputFuzzTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VALID = """
            {"name": "fuzz", "dataset": {"name": "synthetic"},
             "model": {"type": "mlp", "hiddenLayers": 1, "hiddenUnits": 8, "activation": "relu",
                       "init": {"type": "normal", "std": 0.1}},
             "optimizer": {"type": "sgd", "learningRate": 0.1,
                           "gradientClipping": {"type": "l2PerLayer", "threshold": 10}},
             "gradientNoise": {"eta": 0.01, "gamma": 0.55, "seed": 7, "stopAfterStep": 100},
             "training": {"epochs": 1, "maxSteps": 10, "batchSize": 10, "seed": 1},
             "priority": 0}""";
    private static final Map<String, String> NUMBERS = Map.ofEntries(
            Map.entry("\"hiddenLayers\": 1", "\"hiddenLayers\": %s"),
            Map.entry("\"hiddenUnits\": 8", "\"hiddenUnits\": %s"),
            Map.entry("\"std\": 0.1", "\"std\": %s"),
            Map.entry("\"learningRate\": 0.1", "\"learningRate\": %s"),
            Map.entry("\"threshold\": 10", "\"threshold\": %s"),
            Map.entry("\"eta\": 0.01", "\"eta\": %s"),
            Map.entry("\"gamma\": 0.55", "\"gamma\": %s"),
            Map.entry("\"epochs\": 1", "\"epochs\": %s"),
            Map.entry("\"maxSteps\": 10", "\"maxSteps\": %s"),
            Map.entry("\"batchSize\": 10", "\"batchSize\": %s"),
            Map.entry("\"priority\": 0", "\"priority\": %s"));
    private static final List<String> BAD_NUMBERS = List.of("-1000000000", "NaN", "Infinity", "-Infinity",
            "\"abc\"", "{}", "[1]", "1e400", "99999999999999999999999", "-1e300", "0x10", "1.0.0");
    private static final List<String> ENUMS = List.of("\"type\": \"mlp\"", "\"activation\": \"relu\"",
            "\"type\": \"normal\"", "\"type\": \"sgd\"", "\"type\": \"l2PerLayer\"");
    private static final List<String> BAD_ENUMS = List.of("\"bogus\"", "\"\"", "\"RELU\"", "42", "[]", "{}");

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
    void everyHostileSpecIsAProblemAndNoneCreatesARow() throws Exception {
        List<byte[]> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        assertThat(send(VALID.getBytes(StandardCharsets.UTF_8)).statusCode()).as("the unmutated spec").isEqualTo(201);
        int before = jobCount();
        Map<Integer, Integer> histogram = new TreeMap<>();
        for (byte[] body : corpus) {
            HttpResponse<String> response = send(body);
            histogram.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode()).as(new String(body, StandardCharsets.UTF_8)).isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type")).as(new String(body, StandardCharsets.UTF_8))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        System.out.printf("fuzz corpus of %d specs: status histogram %s%n", corpus.size(), histogram);
        assertThat(jobCount()).isEqualTo(before);
    }

    private static List<byte[]> corpus() {
        List<String> specs = new ArrayList<>();
        NUMBERS.forEach((field, template) -> BAD_NUMBERS.forEach(bad ->
                specs.add(VALID.replace(field, template.formatted(bad)))));
        for (String field : ENUMS) {
            String name = field.substring(0, field.indexOf(':'));
            BAD_ENUMS.forEach(bad -> specs.add(VALID.replaceFirst(java.util.regex.Pattern.quote(field), name + ": " + bad)));
        }
        for (String required : List.of("\"dataset\"", "\"model\"")) {
            specs.add(VALID.replace(required + ":", "\"ignored\":"));
            specs.add(VALID.replace(required + ": {", required + ": null, \"x\": {"));
        }
        for (String object : List.of("dataset", "model", "init", "optimizer", "gradientClipping", "gradientNoise",
                "training")) {
            specs.add(VALID.replace("\"" + object + "\": {", "\"" + object + "\": {\"unexpected\": 1, "));
            specs.add(VALID.replace("\"" + object + "\": {", "\"" + object + "\": [{"));
            specs.add(VALID.replace("\"" + object + "\": {", "\"" + object + "\": \"text\", \"y\": {"));
        }
        specs.add(VALID.replace("\"name\": \"fuzz\"", "\"name\": \"" + "n".repeat(5000) + "\""));
        specs.add(VALID.replace("\"dataset\": {\"name\": \"synthetic\"}", "\"dataset\": {\"name\": \"../../etc\"}"));
        specs.add(VALID.replace("\"dataset\": {\"name\": \"synthetic\"}", "\"dataset\": {\"name\": \"\"}"));
        specs.add(VALID.replace("\"priority\": 0", "\"priority\": 0, \"priority\": 1"));
        specs.add(VALID.replace("\"eta\": 0.01,", ""));
        specs.add(VALID + " trailing");
        specs.add(VALID + "{}");
        specs.add(VALID.substring(0, VALID.length() / 2));
        specs.add("[" + VALID + "]");
        specs.add("\"just a string\"");
        specs.add("null");
        specs.add("42");
        specs.add("");
        specs.add("{}");
        specs.add("{\"dataset\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        specs.add("{\"dataset\": " + "{\"a\": ".repeat(100) + "1" + "}".repeat(100) + "}");
        specs.add(VALID.replace("\"synthetic\"", "\"synthetic\\u0000\""));
        specs.add(VALID.replace("{", "{/* comment */"));
        specs.add(VALID.replace("\"", "'"));
        List<byte[]> corpus = new ArrayList<>(specs.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        byte[] invalidUtf8 = VALID.getBytes(StandardCharsets.UTF_8).clone();
        invalidUtf8[20] = (byte) 0xC3;
        invalidUtf8[21] = (byte) 0x28;
        corpus.add(invalidUtf8);
        return corpus;
    }

    private HttpResponse<String> send(byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                .header("Content-Type", "application/json").header("Authorization", TestKeys.bearer(TestKeys.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int jobCount() {
        return jdbc.queryForObject("SELECT count(*) FROM training_job", Integer.class);
    }
}
