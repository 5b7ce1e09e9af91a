package io.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Recurrent networks through the API: the generated sequence tasks are listed and described, an LSTM
 * trains on them, and predictions and evaluations take sequences and answer with values or a class
 * per step.
 */
@IntegrationTest
class SequenceTaskApiTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theSequenceTasksAreListedAndAnyLengthIsDescribed() {
        MvcTestResult list = mvc.get().uri("/api/v1/datasets").exchange();
        assertThat(list).bodyJson().extractingPath("$[*].name").asArray().contains("adding-100", "binary-addition-8");
        MvcTestResult adding = mvc.get().uri("/api/v1/datasets/adding-37").exchange();
        assertThat(adding).hasStatusOk();
        assertThat(adding).bodyJson().extractingPath("$.target").isEqualTo("value");
        assertThat(adding).bodyJson().extractingPath("$.shape").asArray().containsExactly(37, 2);
        assertThat(adding).bodyJson().extractingPath("$.classes").isEqualTo(0);
        MvcTestResult addition = mvc.get().uri("/api/v1/datasets/binary-addition-5").exchange();
        assertThat(addition).bodyJson().extractingPath("$.target").isEqualTo("classPerStep");
        assertThat(addition).bodyJson().extractingPath("$.shape").asArray().containsExactly(6, 2);
        assertThat(mvc.get().uri("/api/v1/datasets/adding-5000").exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void networksThatDoNotFitTheTaskAreRefusedWithTheReason() {
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "rnn"}}""", "model.type", "'rnn' needs sequences");
        expectRefused("""
                {"dataset": "binary-addition-4", "model": {"type": "mlp"}}""", "model.type", "only 'rnn'");
        expectRefused("""
                {"dataset": "adding-10", "model": {"type": "mlp", "cell": "lstm"}}""", "model.cell",
                "applies only to model type 'rnn'");
        expectRefused("""
                {"dataset": "adding-10", "model": {"type": "rnn", "hiddenLayers": 0}}""", "model.hiddenLayers",
                "");
        expectRefused("""
                {"dataset": "adding-5000", "model": {"type": "rnn"}}""", "dataset.name", "2 to 1000 steps");
        expectRefused("""
                {"dataset": "binary-addition-63", "model": {"type": "rnn"}}""", "dataset.name", "1 to 62 bits");
        expectRefused("""
                {"dataset": "adding-1000", "model": {"type": "rnn", "hiddenUnits": 1000},
                 "training": {"batchSize": 8192}}""", "training.batchSize", "for the backward pass");
        MvcTestResult unknownCell = submit("""
                {"dataset": "adding-10", "model": {"type": "rnn", "cell": "gru"}}""");
        assertThat(unknownCell).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(unknownCell)).contains("lstm").contains("simpleRnn");
    }

    @Test
    void anLstmLearnsTheAddingProblemAndAnswersSequencesWithValues() {
        MvcTestResult created = submit("""
                {"dataset": "adding-10", "model": {"type": "rnn", "hiddenUnits": 16},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 2, "batchSize": 50}}""");
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).bodyJson().extractingPath("$.spec.model.cell").isEqualTo("lstm");
        assertThat(created).bodyJson().extractingPath("$.spec.model.activation").isEqualTo("tanh");
        assertThat(created).bodyJson().extractingPath("$.spec.model.init.type").isEqualTo("xavier");
        String id = JsonPath.read(body(created), "$.id");
        awaitSuccess(id);
        assertThat(JsonPath.<String>read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()),
                "$.attempts[0].engine")).isEqualTo("DL4J");
        float[][] sequence = new float[10][2];
        for (int t = 0; t < 10; t++) {
            sequence[t][0] = 0.05f * t;
        }
        sequence[2][1] = 1;
        sequence[7][1] = 1; // 0.10 + 0.35
        String answer = body(predict(id, "{\"sequences\": [" + json(sequence) + "]}"));
        double value = JsonPath.<Number>read(answer, "$.predictions[0].value").doubleValue();
        assertThat(value).as("the sum of the marked values, 0.45").isBetween(0.25, 0.65);
        assertThat(JsonPath.<Map<String, Object>>read(answer, "$.predictions[0]")).containsOnlyKeys("value");
        MvcTestResult evaluation = evaluate(id, "adding-10");
        assertThat(evaluation).hasStatusOk();
        assertThat(evaluation).bodyJson().extractingPath("$.target").isEqualTo("value");
        assertThat(JsonPath.<Number>read(body(evaluation), "$.meanAbsoluteError").doubleValue()).isLessThan(0.2);
        assertThat(JsonPath.<Number>read(body(evaluation), "$.loss").doubleValue()).isLessThan(1.0 / 6);
        assertThat(body(evaluation)).doesNotContain("confusion");
        MvcTestResult shortSequence = predict(id, "{\"sequences\": [[[0.5, 1], [0.5, 1]]]}");
        assertThat(shortSequence).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(shortSequence)).contains("sequences[0]").contains("has 2 steps; the model expects 10 steps");
        MvcTestResult ragged = predict(id, "{\"sequences\": [" + json(sequence).replaceFirst("\\[0.0,0.0\\]", "[0.0]")
                + "]}");
        assertThat(body(ragged)).contains("sequences[0][0]").contains("has 1 features");
        assertThat(evaluate(id, "mnist-tiny")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    @Test
    void anLstmLabelsEveryBitOfABinarySum() {
        String id = JsonPath.read(body(submit("""
                {"dataset": "binary-addition-4", "model": {"type": "rnn", "hiddenUnits": 16},
                 "optimizer": {"type": "adam", "learningRate": 0.02}, "training": {"epochs": 3, "batchSize": 50}}""")),
                "$.id");
        awaitSuccess(id);
        // 11 + 6 = 17: bits least significant first, and a fifth step for the carry
        String answer = body(predict(id, "{\"sequences\": [[[1, 0], [1, 1], [0, 1], [1, 0], [0, 0]]]}"));
        assertThat(JsonPath.<List<Integer>>read(answer, "$.predictions[0].labels")).containsExactly(1, 0, 0, 0, 1);
        assertThat(JsonPath.<List<?>>read(answer, "$.predictions[0].stepProbabilities")).hasSize(5);
        MvcTestResult evaluation = evaluate(id, "binary-addition-4");
        assertThat(evaluation).bodyJson().extractingPath("$.target").isEqualTo("classPerStep");
        double accuracy = JsonPath.<Number>read(body(evaluation), "$.accuracy").doubleValue();
        double stepAccuracy = JsonPath.<Number>read(body(evaluation), "$.stepAccuracy").doubleValue();
        assertThat(accuracy).as("every bit of a sum right").isGreaterThan(0.9);
        assertThat(stepAccuracy).as("a bit right").isGreaterThanOrEqualTo(accuracy);
        assertThat(JsonPath.<List<?>>read(body(evaluation), "$.confusion")).hasSize(2);
        assertThat(evaluate(id, "adding-4")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    private void expectRefused(String spec, String field, String reason) {
        MvcTestResult refused = submit(spec);
        assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(refused).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
        assertThat(refused).bodyJson().extractingPath("$.errors[0].message").asString().contains(reason);
    }

    private void awaitSuccess(String id) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            String status = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.status");
            assertThat(status).isNotIn("FAILED", "CANCELLED");
            return status.equals("SUCCEEDED");
        });
    }

    private MvcTestResult submit(String spec) {
        return mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
    }

    private MvcTestResult predict(String id, String request) {
        return mvc.post().uri("/api/v1/jobs/{id}/predictions", id).contentType(MediaType.APPLICATION_JSON)
                .content(request).exchange();
    }

    private MvcTestResult evaluate(String id, String dataset) {
        return mvc.post().uri("/api/v1/jobs/{id}/evaluations", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"dataset\": \"" + dataset + "\"}").exchange();
    }

    private static String json(float[][] sequence) {
        StringBuilder out = new StringBuilder("[");
        for (int t = 0; t < sequence.length; t++) {
            out.append(t == 0 ? "" : ",").append('[').append(sequence[t][0]).append(',').append(sequence[t][1])
                    .append(']');
        }
        return out.append(']').toString();
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
