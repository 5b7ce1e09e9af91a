package io.anneal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.artifact.Sha256;
import io.anneal.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Uploads through the API on the real database: each format's happy path, and bad uploads leave nothing. */
@IntegrationTest
class DatasetUploadTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatasetProperties properties;

    @Test
    void aCsvUploadIsDescribedTrainedOnAndPredictedWithOnRawRows() {
        byte[] csv = flowers(150, 7);
        MvcTestResult created = upload("flowers", csv, "label", "species", "testFraction", "0.2", "standardize", "true");
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).headers().hasValue("Location", "/api/v1/datasets/flowers");

        String described = body(mvc.get().uri("/api/v1/datasets/flowers").exchange());
        assertThat(JsonPath.<List<String>>read(described, "$.labels")).containsExactly("setosa", "versicolor",
                "virginica");
        assertThat(JsonPath.<List<Integer>>read(described, "$.shape")).containsExactly(4);
        assertThat(JsonPath.<List<String>>read(described, "$.featureNames")).containsExactly("sepal_length",
                "sepal_width", "petal_length", "petal_width");
        assertThat(JsonPath.<Integer>read(described, "$.trainExamples")).isEqualTo(120);
        assertThat(JsonPath.<Integer>read(described, "$.testExamples")).as("10 of each 50, stratified").isEqualTo(30);
        assertThat(JsonPath.<String>read(described, "$.sha256")).isEqualTo(Sha256.of(csv));
        assertThat(JsonPath.<Integer>read(described, "$.bytes")).isEqualTo(csv.length);
        assertThat(JsonPath.<Boolean>read(described, "$.standardized")).isTrue();
        assertThat(JsonPath.<List<String>>read(body(mvc.get().uri("/api/v1/datasets").exchange()), "$[*].name"))
                .contains("flowers", "mnist-tiny");
        assertThat(upload("flowers", csv, "label", "species", "testFraction", "0.2", "standardize", "true"))
                .as("the same upload again").hasStatus(HttpStatus.OK);
        MvcTestResult other = upload("flowers", flowers(150, 8), "label", "species");
        assertThat(other).hasStatus(HttpStatus.CONFLICT);
        assertThat(other).bodyJson().extractingPath("$.detail").asString().contains("other content");

        String job = body(mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": "flowers", "model": {"hiddenLayers": 1, "hiddenUnits": 16},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 30, "batchSize": 16}}""")
                .exchange());
        String id = JsonPath.read(job, "$.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.status");
            assertThat(status).isNotIn("FAILED", "CANCELLED");
            return status.equals("SUCCEEDED");
        });
        double accuracy = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()),
                "$.metrics.testAccuracy");
        assertThat(accuracy).isGreaterThan(0.9);

        MvcTestResult predicted = mvc.post().uri("/api/v1/jobs/{id}/predictions", id)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [[5.0, 3.4, 1.5, 0.2], [6.0, 2.8, 4.4, 1.4], [6.9, 3.1, 5.8, 2.2]]}")
                .exchange();
        assertThat(predicted).as("raw rows, standardised by the server as in training").hasStatusOk();
        assertThat(JsonPath.<List<Integer>>read(body(predicted), "$.predictions[*].label")).containsExactly(0, 1, 2);
        MvcTestResult evaluated = mvc.post().uri("/api/v1/jobs/{id}/evaluations", id)
                .contentType(MediaType.APPLICATION_JSON).content("{\"dataset\": \"flowers\"}").exchange();
        assertThat(JsonPath.<Double>read(body(evaluated), "$.accuracy")).isEqualTo(accuracy);
        assertThat(upload("flowers-plain", csv, "label", "species", "testFraction", "0.2")).hasStatus(HttpStatus.CREATED);
        MvcTestResult onPlain = mvc.post().uri("/api/v1/jobs/{id}/evaluations", id)
                .contentType(MediaType.APPLICATION_JSON).content("{\"dataset\": \"flowers-plain\"}").exchange();
        assertThat(JsonPath.<Double>read(body(onPlain), "$.accuracy")).as("the same rows, not standardised, are "
                + "standardised with the model's statistics").isCloseTo(accuracy, within(1.0 / 30));
    }

    @Test
    void aCnnNeedsImagesItsBlocksFit() {
        assertThat(upload("flowers-table", flowers(60, 5), "label", "species")).hasStatus(HttpStatus.CREATED);
        MvcTestResult onTable = submit("""
                {"dataset": "flowers-table", "model": {"type": "cnn"}}""");
        assertThat(onTable).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(onTable).bodyJson().extractingPath("$.detail").asString().contains("'cnn' needs images");
        MvcTestResult tooSmall = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "cnn", "convolutions": [{"kernel": 11, "pool": 2},
                 {"kernel": 11, "pool": 2}]}}""");
        assertThat(tooSmall).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(tooSmall).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model.convolutions[1]");
        MvcTestResult onMlp = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "mlp", "convolutions": [{"filters": 4}]}}""");
        assertThat(onMlp).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(onMlp).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model.convolutions");
        MvcTestResult zeroStride = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "cnn", "convolutions": [{"stride": 0}]}}""");
        assertThat(zeroStride).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(zeroStride).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model.convolutions[0].stride");
        MvcTestResult huge = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "cnn", "hiddenUnits": 4096,
                 "convolutions": [{"filters": 1024, "kernel": 3, "pool": 1}]}}""");
        assertThat(huge).bodyJson().extractingPath("$.detail").asString().contains("parameters");
        MvcTestResult lenet = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "cnn"}, "training": {"maxSteps": 1}}""");
        assertThat(lenet).hasStatus(HttpStatus.CREATED);
        assertThat(lenet).bodyJson().extractingPath("$.spec.model.convolutions[1].filters").isEqualTo(50);
        assertThat(lenet).bodyJson().extractingPath("$.spec.model.hiddenUnits").isEqualTo(500);
    }

    private MvcTestResult submit(String spec) {
        return mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
    }

    @Test
    void aModelOfATableThatWasNotStandardisedTakesRowsAsTheyAre() {
        assertThat(upload("flowers-raw", flowers(90, 31), "label", "species")).hasStatus(HttpStatus.CREATED);
        String id = JsonPath.read(body(submit("""
                {"dataset": "flowers-raw", "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 2}}""")), "$.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id)
                .exchange()), "$.status").equals("SUCCEEDED"));
        assertThat(mvc.post().uri("/api/v1/jobs/{id}/predictions", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"instances\": [[6.9, 3.1, 5.8, 2.2]]}").exchange()).hasStatusOk();
    }

    @Test
    void anIdxHeaderThatCountsMoreThanItsFileHoldsIsRefused() throws IOException {
        byte[] labels = java.nio.ByteBuffer.allocate(12).putInt(2049).putInt(Integer.MAX_VALUE).array();
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (String name : IdxZipUpload.FILES) {
            entries.put(name, labels);
        }
        expectRefused(zipUpload(entries), "file", "more than the file holds");
    }

    @Test
    void aSecondFileCanBeTheTestSplit() {
        MvcTestResult created = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "train.csv", "text/csv", flowers(90, 3)))
                .file(new MockMultipartFile("test", "test.csv", "text/csv", flowers(30, 4)))
                .param("name", "flowers-split").param("label", "species").exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).bodyJson().extractingPath("$.trainExamples").isEqualTo(90);
        assertThat(created).bodyJson().extractingPath("$.testExamples").isEqualTo(30);
    }

    @Test
    void theFourMnistFilesInAZipBecomeAnImageDataset() throws IOException {
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/datasets/mnist-tiny"))) {
            for (Path file : files.toList()) {
                entries.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        MvcTestResult created = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "digits.zip", "application/zip", zip(entries)))
                .param("name", "tiny-digits").exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).bodyJson().extractingPath("$.format").isEqualTo("idx-zip");
        assertThat(created).bodyJson().extractingPath("$.shape").asArray().containsExactly(28, 28, 1);
        assertThat(created).bodyJson().extractingPath("$.labels").asArray().hasSize(10);
        assertThat(created).bodyJson().extractingPath("$.classes").isEqualTo(10);
        assertThat(created).bodyJson().extractingPath("$.trainExamples").isEqualTo(300);
        MvcTestResult job = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": "tiny-digits", "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                 "training": {"epochs": 1}}""").exchange();
        assertThat(job).hasStatus(HttpStatus.CREATED);
    }

    @Test
    void badUploadsAreRefusedWithTheLineOrEntryAtFaultAndLeaveNothingBehind() throws IOException {
        String header = "a,b,species\n";
        expectRefused(upload("bad", (header + "1,2,x\n3,4\n").getBytes(StandardCharsets.UTF_8), "label", "species"),
                "file", "line 3: 2 values");
        expectRefused(upload("bad", (header + "1,2,x\n1,two,y\n").getBytes(StandardCharsets.UTF_8), "label",
                "species"), "file", "line 3, column 2: 'two' is not a number");
        expectRefused(upload("bad", (header + "1,NaN,x\n1,2,y\n").getBytes(StandardCharsets.UTF_8), "label",
                "species"), "file", "NaN and infinity are not allowed");
        expectRefused(upload("bad", (header + "1,2,x\n1e39,2,y\n").getBytes(StandardCharsets.UTF_8), "label",
                "species"), "file", "too large for a 32-bit float");
        expectRefused(upload("bad", new byte[0], "label", "species"), "file", "may not be empty");
        expectRefused(upload("bad", (header + "1,2,x\n").getBytes(StandardCharsets.UTF_8), "label", "kind"),
                "label", "no column named 'kind'");
        expectRefused(upload("bad", (header + "1,2,x\n3,4,x\n").getBytes(StandardCharsets.UTF_8), "label",
                "species"), "file", "one class only");
        expectRefused(upload("bad", (header + "1,2,x\n").getBytes(StandardCharsets.UTF_8)), "label", "is required");
        expectRefused(upload("../bad", flowers(30, 1), "label", "species"), "name", "letters, digits");
        expectRefused(upload("mnist-10k", flowers(30, 1), "label", "species"), "name", "built-in");
        expectRefused(zipUpload(Map.of("../evil", new byte[10])), "file", "entry ../evil");
        expectRefused(zipUpload(Map.of("train-images-idx3-ubyte", new byte[40 << 20])), "file",
                "expands to more than 32 MB");
        expectRefused(zipUpload(Map.of("notes.txt", new byte[10])), "file", "the zip lacks train-images-idx3-ubyte");
        expectRefused(upload("bad.zip", "not a zip".getBytes(StandardCharsets.UTF_8)), "file", "zip");
        expectRefused(upload("bad.zip", "not a zip".getBytes(StandardCharsets.UTF_8), "seed", "3"), "seed",
                "applies to CSV uploads only");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM uploaded_dataset WHERE name LIKE '%bad%'", Long.class))
                .isZero();
        Path staging = Path.of(properties.root()).resolve("staging");
        try (Stream<Path> left = Files.exists(staging) ? Files.list(staging) : Stream.empty()) {
            assertThat(left).as("nothing staged is left").isEmpty();
        }
    }

    @Test
    void anUploadOverTheLimitIsA413() {
        MvcTestResult large = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "big.csv", "text/csv", new byte[17 << 20]))
                .param("name", "too-big").param("label", "y").exchange();
        assertThat(large).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(large).bodyJson().extractingPath("$.type").asString().endsWith("/too-large");
    }

    @Test
    void aDatasetInUseCannotBeDeletedAndADeletedOneIsGoneWithItsFiles() {
        byte[] csv = flowers(60, 11);
        assertThat(upload("flowers-deleted", csv, "label", "species")).hasStatus(HttpStatus.CREATED);
        String described = body(mvc.get().uri("/api/v1/datasets/flowers-deleted").exchange());
        String queued = JsonPath.read(body(mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"dataset": "flowers-deleted", "model": {"hiddenLayers": 1, "hiddenUnits": 4},
                         "training": {"maxSteps": 10000000, "batchSize": 1}}""").exchange()), "$.id");
        MvcTestResult inUse = mvc.delete().uri("/api/v1/datasets/flowers-deleted").exchange();
        assertThat(inUse).hasStatus(HttpStatus.CONFLICT);
        assertThat(inUse).bodyJson().extractingPath("$.detail").asString().contains(queued);

        String trainBlob = jdbc.queryForObject("SELECT train_blob FROM uploaded_dataset WHERE name = ?", String.class,
                "flowers-deleted");
        Path stored = Path.of(properties.root()).resolve("blobs").resolve(trainBlob.substring(0, 2)).resolve(trainBlob);
        assertThat(stored).exists();
        mvc.post().uri("/api/v1/jobs/{id}/cancel", queued).exchange();
        await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}",
                queued).exchange()), "$.status").equals("CANCELLED"));
        assertThat(mvc.delete().uri("/api/v1/datasets/flowers-deleted").exchange()).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/v1/datasets/flowers-deleted").exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(stored).as("its stored split, used by no other dataset").doesNotExist();
        assertThat(mvc.delete().uri("/api/v1/datasets/flowers-deleted").exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(JsonPath.<String>read(described, "$.sha256")).isEqualTo(Sha256.of(csv));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM uploaded_dataset WHERE name = 'flowers-deleted'",
                Long.class)).isZero();
    }

    @Test
    void aJobRecordsItsDatasetsContentAndItsModelSaysWhenThatDataIsGone() {
        byte[] csv = flowers(60, 21);
        assertThat(upload("flowers-pinned", csv, "label", "species")).hasStatus(HttpStatus.CREATED);
        MvcTestResult submitted = submit("""
                {"dataset": "flowers-pinned", "model": {"hiddenLayers": 1, "hiddenUnits": 4}, "training": {"epochs": 1}}""");
        assertThat(submitted).bodyJson().extractingPath("$.spec.dataset.sha256").isEqualTo(Sha256.of(csv));
        String id = JsonPath.read(body(submitted), "$.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id)
                .exchange()), "$.status").equals("SUCCEEDED"));
        MvcTestResult otherContent = submit("""
                {"dataset": {"name": "flowers-pinned", "sha256": "%s"}, "model": {"hiddenLayers": 1}}"""
                .formatted("0".repeat(64)));
        assertThat(otherContent).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(otherContent).bodyJson().extractingPath("$.errors[0].field").isEqualTo("dataset.sha256");

        assertThat(mvc.delete().uri("/api/v1/datasets/flowers-pinned").exchange()).hasStatus(HttpStatus.NO_CONTENT);
        MvcTestResult gone = mvc.post().uri("/api/v1/jobs/{id}/evaluations", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"dataset\": \"flowers-pinned\"}").exchange();
        assertThat(gone).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(gone).bodyJson().extractingPath("$.detail").asString().contains("is gone")
                .contains(Sha256.of(csv));
    }

    private void expectRefused(MvcTestResult result, String field, String detail) {
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail).doesNotContain("Exception");
    }

    private MvcTestResult upload(String name, byte[] content, String... fields) {
        var request = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", name.endsWith(".zip") ? name : "data.csv", "text/csv", content))
                .param("name", name);
        for (int i = 0; i < fields.length; i += 2) {
            request = request.param(fields[i], fields[i + 1]);
        }
        return request.exchange();
    }

    private MvcTestResult zipUpload(Map<String, byte[]> entries) throws IOException {
        return mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "bad.zip", "application/zip", zip(entries)))
                .param("name", "bad-zip").exchange();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Three flower species told apart by their measurements, in the shape of Fisher's iris table. */
    private static byte[] flowers(int rows, long seed) {
        Random random = new Random(seed);
        String[] species = {"setosa", "versicolor", "virginica"};
        double[][] centres = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        List<String> lines = new ArrayList<>(List.of("sepal_length,sepal_width,petal_length,species,petal_width"
                .replace("species,petal_width", "petal_width,species")));
        for (int row = 0; row < rows; row++) {
            int kind = row % 3;
            double[] centre = centres[kind];
            lines.add(String.format(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%s", centre[0] + random.nextGaussian() * 0.3,
                    centre[1] + random.nextGaussian() * 0.3, centre[2] + random.nextGaussian() * 0.3,
                    centre[3] + random.nextGaussian() * 0.15, species[kind]));
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
