package io.anneal.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.S3Server;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The whole service with its artifacts in an S3 bucket (S3Proxy): an uploaded dataset, a job that
 * checkpoints and keeps a best model, its download and predictions, and its deletion, all through the API.
 */
@IntegrationTest
class S3StorageServiceTests {

    private static final StorageProperties.S3 BUCKET = S3Server.get().newBucket("anneal");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        S3Server.use(BUCKET, registry);
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void aJobTrainsOnAnUploadedDatasetAndItsModelsAreServedFromTheBucket() {
        MvcTestResult uploaded = mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "points.csv", "text/csv", points(300)))
                .param("name", "points-s3").param("label", "side").param("testFraction", "0.2").exchange();
        assertThat(uploaded).hasStatus(HttpStatus.CREATED);
        assertThat(S3Server.get().keys(BUCKET.bucket())).as("train and test split, content-addressed")
                .filteredOn(key -> key.startsWith("anneal/datasets/blobs/")).hasSize(2);

        MvcTestResult created = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "s3-run", "dataset": {"name": "points-s3"}, "model": {"hiddenLayers": 1, "hiddenUnits": 16},
                 "training": {"epochs": 30, "batchSize": 10, "validationFraction": 0.2,
                              "keepBest": "validationAccuracy", "checkpointEverySteps": 10}}""").exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        String id = JsonPath.read(body(created), "$.id");
        String[] job = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job[0] = body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange());
            String status = JsonPath.read(job[0], "$.status");
            assertThat(status).as(job[0]).isNotIn("FAILED", "CANCELLED");
            return status.equals("SUCCEEDED");
        });

        long bestStep = ((Number) JsonPath.read(job[0], "$.bestModel.step")).longValue();
        assertThat(S3Server.get().keys(BUCKET.bucket())).filteredOn(key -> key.contains(id)).as(
                "the final and the best model; checkpoints are dropped once the job succeeded").containsExactlyInAnyOrder(
                "anneal/models/" + id + "/model.zip", "anneal/models/" + id + "/best-step-%012d.zip".formatted(bestStep));

        MvcTestResult download = mvc.get().uri("/api/v1/jobs/{id}/model", id).exchange();
        assertThat(download).hasStatusOk();
        assertThat(Sha256.of(download.getResponse().getContentAsByteArray()))
                .isEqualTo(JsonPath.read(job[0], "$.model.sha256"));
        MvcTestResult predicted = mvc.post().uri("/api/v1/jobs/{id}/predictions?model=best", id)
                .contentType(MediaType.APPLICATION_JSON).content("{\"instances\": [[2.0, 1.5], [-2.0, -1.5]]}").exchange();
        assertThat(predicted).hasStatusOk();
        List<String> labels = JsonPath.read(body(mvc.get().uri("/api/v1/datasets/points-s3").exchange()), "$.labels");
        assertThat(JsonPath.<List<Integer>>read(body(predicted), "$.predictions[*].label"))
                .containsExactly(labels.indexOf("right"), labels.indexOf("left"));

        assertThat(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange()).hasStatus(HttpStatus.NO_CONTENT);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(S3Server.get().keys(BUCKET.bucket()))
                .noneMatch(key -> key.contains(id)));
    }

    /** Two clouds of points left and right of the origin. */
    private static byte[] points(int rows) {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>(List.of("x,y,side"));
        for (int row = 0; row < rows; row++) {
            boolean right = row % 2 == 0;
            lines.add(String.format(Locale.ROOT, "%.3f,%.3f,%s", (right ? 2 : -2) + random.nextGaussian() * 0.5,
                    (right ? 1.5 : -1.5) + random.nextGaussian() * 0.5, right ? "right" : "left"));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static String body(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }
}
