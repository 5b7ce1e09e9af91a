package io.anneal.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.trained.ArtifactProperties;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.ImagePreProcessingScaler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class ModelApiTests {

    private static final Dataset DIGITS = new DatasetCatalog(new DataProperties("src/test/resources/datasets",
            List.of(), false, URI.create("http://127.0.0.1:9/"), false)).dataset("mnist-tiny");
    private static String trainedJob;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    ArtifactProperties artifacts;

    @BeforeAll
    static void resetJob() {
        trainedJob = null;
    }

    @Test
    void theModelDownloadsAsAZipThatLoadsBackInDl4jWithItsScalerAndSpec() throws IOException {
        String id = trainedJob();
        MvcTestResult download = mvc.get().uri("/api/v1/jobs/{id}/model", id).exchange();
        assertThat(download).hasStatusOk();
        String sha256 = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.model.sha256");
        assertThat(download).headers().hasValue("ETag", "\"" + sha256 + "\"");
        assertThat(download.getResponse().getHeader("Content-Disposition")).contains("attachment")
                .contains("anneal-" + id + ".zip");
        byte[] zip = download.getResponse().getContentAsByteArray();

        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
        ImagePreProcessingScaler scaler = ModelSerializer.restoreNormalizerFromInputStream(new ByteArrayInputStream(zip));
        INDArray pixels = DIGITS.testFeatures().getRow(0, true).mul(255);
        scaler.transform(pixels);
        assertThat(network.output(pixels).shape()).containsExactly(1, 10);
        assertThat(entries(zip)).contains("anneal-spec.json", "normalizer.bin");

        assertThat(mvc.get().uri("/api/v1/jobs/{id}/model", id).header("If-None-Match", "\"" + sha256 + "\"")
                .exchange()).hasStatus(HttpStatus.NOT_MODIFIED);
    }

    @Test
    void predictionsOfPixelRowsAndOfPngDigitsAgreeAndMostAreRight() {
        String id = trainedJob();
        List<float[]> rows = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            float[] row = DIGITS.testFeatures().getRow(i).toFloatVector();
            rows.add(row);
            images.add(png(row));
        }
        String byRows = body(predict(id, "{\"instances\": " + json(rows) + "}"));
        String byImages = body(predict(id, "{\"images\": " + json(images) + "}"));
        List<Integer> labels = JsonPath.read(byRows, "$.predictions[*].label");
        assertThat(labels).hasSize(100);
        assertThat((List<Integer>) JsonPath.read(byImages, "$.predictions[*].label")).isEqualTo(labels);
        List<Number> probabilities = JsonPath.read(byRows, "$.predictions[0].probabilities");
        assertThat(probabilities).hasSize(10);
        assertThat(probabilities.stream().mapToDouble(Number::doubleValue).sum()).isCloseTo(1.0,
                org.assertj.core.data.Offset.offset(1e-4));
        int right = 0;
        for (int i = 0; i < 100; i++) {
            right += DIGITS.testLabels().getRow(i).argMax().getInt(0) == labels.get(i) ? 1 : 0;
        }
        assertThat(right).isGreaterThan(60);
    }

    @Test
    void inputThatDoesNotFitTheModelIsA422NamingTheInstance() {
        String id = trainedJob();
        MvcTestResult shape = predict(id, "{\"instances\": [[" + "0,".repeat(783) + "0], [1, 2, 3]]}");
        assertThat(shape).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(shape).bodyJson().extractingPath("$.errors[0].field").isEqualTo("instances[1]");
        assertThat(shape).bodyJson().extractingPath("$.detail").asString().contains("784");
        assertThat(predict(id, "{\"images\": [\"bm90IGFuIGltYWdl\"]}")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(predict(id, "{\"images\": [\"" + png(new float[784], 14) + "\"]}"))
                .bodyJson().extractingPath("$.detail").asString().contains("28 x 28");
        assertThat(predict(id, "{}")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(predict(id, "{\"instances\": " + json(java.util.Collections.nCopies(1001, new float[1])) + "}"))
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        MvcTestResult raw = predict(id, "{\"instances\": [[" + "0,".repeat(700) + "255," + "0,".repeat(82) + "0]]}");
        assertThat(raw).as("raw 0-255 pixels for a model trained on [0, 1]").hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(raw).bodyJson().extractingPath("$.errors[0].field").isEqualTo("instances[0][700]");
        assertThat(raw).bodyJson().extractingPath("$.detail").asString().contains("[0, 1]").contains("255");
    }

    @Test
    void anEvaluationOnTheTrainingDatasetReproducesTheJobsTestAccuracyAndWorksOnOtherData() {
        String id = trainedJob();
        double jobAccuracy = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()),
                "$.metrics.testAccuracy");
        MvcTestResult result = evaluate(id, "{\"dataset\": \"mnist-tiny\", \"split\": \"test\"}");
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.accuracy").isEqualTo(jobAccuracy);
        assertThat(result).bodyJson().extractingPath("$.examples").isEqualTo(100);
        assertThat(result).bodyJson().extractingPath("$.classes.length()").isEqualTo(10);
        List<List<Integer>> confusion = JsonPath.read(body(result), "$.confusion");
        assertThat(confusion.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum()).isEqualTo(100);
        assertThat(evaluate(id, "{\"dataset\": \"synthetic\"}")).hasStatusOk();
        assertThat(evaluate(id, "{\"dataset\": \"nowhere\"}")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(evaluate(id, "{\"dataset\": \"synthetic\", \"split\": \"validation\"}"))
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(evaluate(id, "{\"dataset\": {\"name\": \"synthetic\"}}")).as("the long form").hasStatusOk();
        MvcTestResult missing = evaluate(id, "{}");
        assertThat(missing).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(missing).bodyJson().extractingPath("$.detail").asString().contains("dataset: is required")
                .doesNotContain("null");
    }

    @Test
    void aJobWithoutAModelIsA409AndAnUnknownJobA404() {
        MvcTestResult queued = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                 "training": {"maxSteps": 10000000, "batchSize": 10}}""").exchange();
        String id = JsonPath.read(body(queued), "$.id");
        assertThat(mvc.get().uri("/api/v1/jobs/{id}/model", id).exchange()).hasStatus(HttpStatus.CONFLICT);
        mvc.post().uri("/api/v1/jobs/{id}/cancel", id).exchange();
        assertThat(mvc.get().uri("/api/v1/jobs/{id}/model", "7f000000-0000-0000-0000-000000000001").exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aJobWithAValidationSplitServesTheModelChosenOnItAsBest() throws IOException {
        MvcTestResult created = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "best-kept", "dataset": "mnist-tiny", "model": {"hiddenLayers": 1, "hiddenUnits": 32},
                 "optimizer": {"type": "nesterovs", "learningRate": 0.05},
                 "training": {"epochs": 6, "batchSize": 20, "validationFraction": 0.2}}""").exchange();
        assertThat(created).bodyJson().extractingPath("$.spec.training.keepBest").isEqualTo("validationAccuracy");
        String id = JsonPath.read(body(created), "$.id");
        String job = awaitSucceeded(id);
        Map<String, Object> best = JsonPath.read(job, "$.bestModel");
        assertThat(best).containsEntry("selectedBy", "validationAccuracy").containsKeys("step", "epoch",
                "validationAccuracy", "validationLoss", "testAccuracy", "sha256", "bytes");
        List<Number> validation = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}/curves?metric=validationAccuracy",
                id).exchange()), "$.points[*].value");
        assertThat(validation).hasSize(6);
        assertThat(((Number) best.get("validationAccuracy")).doubleValue())
                .isEqualTo(validation.stream().mapToDouble(Number::doubleValue).max().orElseThrow());

        MvcTestResult download = mvc.get().uri("/api/v1/jobs/{id}/model?model=best", id).exchange();
        assertThat(download).hasStatusOk();
        assertThat(download).headers().hasValue("ETag", "\"" + best.get("sha256") + "\"");
        assertThat(download.getResponse().getHeader("Content-Disposition")).contains("anneal-" + id + "-best.zip");
        assertThat(download.getResponse().getContentAsByteArray()).hasSize(((Number) best.get("bytes")).intValue());
        MvcTestResult evaluation = mvc.post().uri("/api/v1/jobs/{id}/evaluations?model=best", id)
                .contentType(MediaType.APPLICATION_JSON).content("{\"dataset\": \"mnist-tiny\"}").exchange();
        assertThat(((Number) JsonPath.read(body(evaluation), "$.accuracy")).doubleValue())
                .as("the served file is the chosen network, with the test accuracy recorded when it was chosen")
                .isEqualTo(((Number) best.get("testAccuracy")).doubleValue());
        String row = java.util.Arrays.toString(DIGITS.testFeatures().getRow(0).toFloatVector());
        assertThat(mvc.post().uri("/api/v1/jobs/{id}/predictions?model=best", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [" + row + "]}").exchange()).hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/jobs/{id}/model?model=final", id).exchange()).hasStatusOk();

        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(artifacts.root()).resolve(id))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("the final model and the best one the job ended with, nothing superseded")
                    .containsExactlyInAnyOrder("model.zip", "best-step-%012d.zip".formatted(
                            ((Number) best.get("step")).longValue()));
        }

        MvcTestResult unknown = mvc.get().uri("/api/v1/jobs/{id}/model?model=latest", id).exchange();
        assertThat(unknown).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(unknown).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model");
        MvcTestResult none = mvc.get().uri("/api/v1/jobs/{id}/model?model=best", trainedJob()).exchange();
        assertThat(none).hasStatus(HttpStatus.CONFLICT);
        assertThat(none).bodyJson().extractingPath("$.detail").asString().contains("keeps no best model")
                .contains("training.validationFraction");
    }

    @Test
    void aBestModelWithoutAValidationSplitOrAnOversizedSplitIsRefusedAtSubmission() {
        MvcTestResult keepWithout = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": "mnist-tiny", "model": {"hiddenLayers": 1},
                 "training": {"keepBest": "validationLoss", "validationFraction": 0.9}}""").exchange();
        assertThat(keepWithout).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(keepWithout).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly("training.validationFraction");
        MvcTestResult noSplit = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": "mnist-tiny", "model": {"hiddenLayers": 1}, "training": {"keepBest": "validationLoss"}}""")
                .exchange();
        assertThat(noSplit).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(noSplit).bodyJson().extractingPath("$.errors[0].field").isEqualTo("training.keepBest");
        assertThat(noSplit).bodyJson().extractingPath("$.detail").asString().contains("never on the test split");
    }

    @Test
    void aCancelledJobForgetsItsBestModelAndItsFiles() {
        MvcTestResult created = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "best-cancelled", "dataset": "mnist-tiny", "model": {"hiddenLayers": 1, "hiddenUnits": 16},
                 "training": {"maxSteps": 1000000, "batchSize": 50, "validationFraction": 0.2}}""").exchange();
        String id = JsonPath.read(body(created), "$.id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                JsonPath.<Map<String, Object>>read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$")
                        .containsKey("bestModel"));
        mvc.post().uri("/api/v1/jobs/{id}/cancel", id).exchange();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> JsonPath.read(
                body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.status").equals("CANCELLED"));

        String job = body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange());
        assertThat(JsonPath.<Map<String, Object>>read(job, "$")).doesNotContainKey("bestModel");
        MvcTestResult best = mvc.get().uri("/api/v1/jobs/{id}/model?model=best", id).exchange();
        assertThat(best).hasStatus(HttpStatus.CONFLICT);
        assertThat(best).bodyJson().extractingPath("$.detail").asString().contains("cancelled job keeps no model");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            java.nio.file.Path directory = java.nio.file.Path.of(artifacts.root()).resolve(id);
            if (java.nio.file.Files.isDirectory(directory)) {
                try (var files = java.nio.file.Files.list(directory)) {
                    assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name ->
                            name.startsWith("best-"));
                }
            }
        });
    }

    private String awaitSucceeded(String id) {
        String[] last = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String job = body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange());
            String status = JsonPath.read(job, "$.status");
            if (status.equals("FAILED") || status.equals("CANCELLED")) {
                throw new AssertionError("the training job ended " + job);
            }
            last[0] = job;
            return status.equals("SUCCEEDED");
        });
        return last[0];
    }

    private synchronized String trainedJob() {
        if (trainedJob == null) {
            MvcTestResult created = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                    {"name": "model-use", "dataset": {"name": "mnist-tiny"},
                     "model": {"hiddenLayers": 1, "hiddenUnits": 64},
                     "optimizer": {"type": "nesterovs", "learningRate": 0.05},
                     "training": {"epochs": 15, "batchSize": 20}}""").exchange();
            String id = JsonPath.read(body(created), "$.id");
            awaitSucceeded(id);
            trainedJob = id;
        }
        return trainedJob;
    }

    private MvcTestResult predict(String id, String json) {
        return mvc.post().uri("/api/v1/jobs/{id}/predictions", id).contentType(MediaType.APPLICATION_JSON)
                .content(json).exchange();
    }

    private MvcTestResult evaluate(String id, String json) {
        return mvc.post().uri("/api/v1/jobs/{id}/evaluations", id).contentType(MediaType.APPLICATION_JSON)
                .content(json).exchange();
    }

    private static String png(float[] pixels) {
        return png(pixels, 28);
    }

    private static String png(float[] pixels, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.getRaster().setSample(x, y, 0, Math.round(pixels[y * 28 + x] * 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static String json(List<?> values) {
        StringBuilder json = new StringBuilder("[");
        for (Object value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(value instanceof float[] row ? java.util.Arrays.toString(row) : "\"" + value + "\"");
        }
        return json.append(']').toString();
    }

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
