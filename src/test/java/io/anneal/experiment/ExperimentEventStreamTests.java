package io.anneal.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.SseClient;
import io.anneal.support.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An experiment's event stream over real HTTP, while its runs train. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ExperimentEventStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void theStreamSendsTheSummaryAsRunsFinishAndEndsWhenTheExperimentIsDone() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/experiments"))
                .header("Authorization", TestKeys.bearer(TestKeys.ADMIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "streamed", "baseSpec": {"dataset": {"name": "synthetic"},
                         "model": {"hiddenLayers": 1, "hiddenUnits": 16}, "training": {"maxSteps": 4000, "batchSize": 50}},
                         "grid": {"optimizer.learningRate": [0.1, 0.01]}, "seeds": [1, 2]}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();
        List<Integer> succeeded = new ArrayList<>();
        try (SseClient stream = SseClient.open(uri("/api/v1/experiments/" + id + "/events"), TestKeys.ADMIN, null)) {
            while (true) {
                SseClient.Event event = stream.next(Duration.ofSeconds(60));
                assertThat(event).as("an event within a minute").isNotNull();
                JsonNode view = JSON.readTree(event.data());
                succeeded.add(view.get("runs").get("succeeded").asInt());
                if (event.name().equals("end")) {
                    assertThat(view.get("status").asString()).isEqualTo("DONE");
                    break;
                }
                assertThat(event.name()).isEqualTo("summary");
            }
        }
        assertThat(succeeded).isSorted().endsWith(4);
        assertThat(succeeded.get(0)).as("the first summary comes before the runs end").isLessThan(4);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
