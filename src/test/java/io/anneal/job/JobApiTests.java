package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class JobApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aJobThatSucceedsLeavesNoWarningBehind(CapturedOutput output) {
        int logged = output.getOut().length();
        String id = JsonPath.read(body(submit(JobSpecs.small("quiet", 2, 0))), "$.id");
        awaitStatus(id, "SUCCEEDED");
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
        String log = output.getOut().substring(logged);
        assertThat(log).contains("Job " + id + " 'quiet' queued").contains("Job " + id + " succeeded");
        assertThat(log.lines().filter(line -> line.contains(id)))
                .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
    }

    @Test
    void aSubmittedJobTrainsToSucceededWithItsCurvesAndMetrics() {
        MvcTestResult created = submit(JobSpecs.small("trains", 3, 0));
        assertThat(created).hasStatus(HttpStatus.CREATED);
        String id = JsonPath.read(body(created), "$.id");
        assertThat(created).headers().hasValue("Location", "/api/v1/jobs/" + id);
        assertThat(created).bodyJson().extractingPath("$.status").isEqualTo("QUEUED");
        assertThat(created).bodyJson().extractingPath("$.spec.training.batchSize").isEqualTo(50);
        assertThat(created).bodyJson().extractingPath("$.spec.gradientNoise.gamma").isEqualTo(0.55);

        String job = awaitStatus(id, "SUCCEEDED");
        assertThat((Integer) JsonPath.read(job, "$.attempt")).isEqualTo(1);
        assertThat((String) JsonPath.read(job, "$.attempts[0].engine")).as("the engine on record").isEqualTo("KERNEL");
        assertThat((String) JsonPath.read(job, "$.attempts[0].backend")).isEqualTo("CPU");
        assertThat((Integer) JsonPath.read(job, "$.progress.step")).isEqualTo(60);
        assertThat((Integer) JsonPath.read(job, "$.progress.totalSteps")).isEqualTo(60);
        assertThat((Double) JsonPath.read(job, "$.metrics.testAccuracy")).isGreaterThan(0.9);

        MvcTestResult read = mvc.get().uri("/api/v1/jobs/{id}", id).exchange();
        String etag = read.getResponse().getHeader("ETag");
        assertThat(etag).startsWith("W/\"");
        MvcTestResult unchanged = mvc.get().uri("/api/v1/jobs/{id}", id).header("If-None-Match", etag).exchange();
        assertThat(unchanged).hasStatus(HttpStatus.NOT_MODIFIED);
        assertThat(unchanged.getResponse().getContentAsByteArray()).isEmpty();
        assertThat(mvc.get().uri("/api/v1/jobs/{id}", id).header("If-None-Match", "W/\"1-0\"").exchange())
                .hasStatus(HttpStatus.OK);

        MvcTestResult loss = mvc.get().uri("/api/v1/jobs/{id}/curves?metric=loss&maxPoints=5", id).exchange();
        assertThat(loss).hasStatusOk();
        assertThat(loss).bodyJson().extractingPath("$.totalPoints").isEqualTo(13);
        assertThat(loss).bodyJson().extractingPath("$.downsampled").isEqualTo(true);
        assertThat(loss).bodyJson().extractingPath("$.points.length()").isEqualTo(5);
        assertThat(loss).bodyJson().extractingPath("$.points[0].step").isEqualTo(1);
        assertThat(loss).bodyJson().extractingPath("$.points[4].step").isEqualTo(60);

        MvcTestResult sigma = mvc.get().uri("/api/v1/jobs/{id}/curves?metric=sigma&toStep=1", id).exchange();
        assertThat(sigma).bodyJson().extractingPath("$.points[0].value").isEqualTo(0.1);
        MvcTestResult accuracy = mvc.get().uri("/api/v1/jobs/{id}/curves?metric=testAccuracy", id).exchange();
        assertThat(accuracy).bodyJson().extractingPath("$.points[*].epoch").isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void aJobReadAgainIsAnsweredFromTheBodyMadeBeforeUntilAnyOfItsRowsChange() {
        String id = JsonPath.read(body(submit(JobSpecs.small("read again", 1, 0))), "$.id");
        awaitStatus(id, "SUCCEEDED");
        MvcTestResult first = mvc.get().uri("/api/v1/jobs/{id}", id).exchange();
        MvcTestResult second = mvc.get().uri("/api/v1/jobs/{id}", id).exchange();
        assertThat(second).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(second.getResponse().getHeader("ETag")).isEqualTo(first.getResponse().getHeader("ETag"));
        assertThat(body(second)).isEqualTo(body(first));
        assertThat((String) JsonPath.read(body(second), "$.name")).isEqualTo("read again");

        jdbc.update("UPDATE training_job SET name = 'renamed' WHERE id = ?::uuid", id);
        MvcTestResult renamed = mvc.get().uri("/api/v1/jobs/{id}", id).exchange();
        assertThat((String) JsonPath.read(body(renamed), "$.name")).isEqualTo("renamed");
        assertThat(renamed.getResponse().getHeader("ETag")).isNotEqualTo(first.getResponse().getHeader("ETag"));

        jdbc.update("UPDATE job_attempt SET replica = 'elsewhere' WHERE job_id = ?::uuid", id);
        MvcTestResult attemptChanged = mvc.get().uri("/api/v1/jobs/{id}", id).exchange();
        assertThat((String) JsonPath.read(body(attemptChanged), "$.attempts[0].replica")).isEqualTo("elsewhere");
        assertThat(attemptChanged.getResponse().getHeader("ETag"))
                .isNotEqualTo(renamed.getResponse().getHeader("ETag"));

        assertThat(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange()).hasStatus(HttpStatus.NO_CONTENT);
        MvcTestResult gone = mvc.get().uri("/api/v1/jobs/{id}", id).accept(MediaType.APPLICATION_JSON).exchange();
        assertThat(gone).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aMalformedSpecIsAProblemNamingTheFieldAndWritesNothing() {
        int before = jobCount();
        MvcTestResult wrongType = submit("""
                {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": "many"}}""");
        assertThat(wrongType).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(wrongType).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(wrongType).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model.hiddenLayers");

        MvcTestResult unknownEnum = submit("""
                {"dataset": {"name": "synthetic"}, "model": {"activation": "swish"}}""");
        assertThat(unknownEnum).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(unknownEnum).bodyJson().extractingPath("$.errors[0].field").isEqualTo("model.activation");

        MvcTestResult unknownField = submit("""
                {"dataset": {"name": "synthetic"}, "model": {}, "epochs": 3}""");
        assertThat(unknownField).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(unknownField).bodyJson().extractingPath("$.errors[0].field").isEqualTo("epochs");

        assertThat(submit("{\"dataset\": ")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(submit("{\"dataset\": {\"name\": \"synthetic\"}, \"model\": {}, \"priority\": NaN}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void anInvalidSpecIsA422ListingEveryBadFieldAndWritesNothing() {
        int before = jobCount();
        MvcTestResult result = submit("""
                {"dataset": {"name": "no-such-data"},
                 "model": {"hiddenLayers": 1000, "hiddenUnits": 0},
                 "optimizer": {"learningRate": -1},
                 "gradientNoise": {"gamma": 0.55},
                 "training": {"batchSize": 100000}}""");
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").isEqualTo(List.of("dataset.name",
                "model.hiddenLayers", "model.hiddenUnits", "optimizer.learningRate", "gradientNoise.eta",
                "training.batchSize"));
        assertThat(submit("{\"dataset\": {\"name\": \"synthetic\"}}")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void anUnknownJobIsA404Problem() {
        MvcTestResult result = mvc.get().uri("/api/v1/jobs/{id}", "7f000000-0000-0000-0000-000000000000").exchange();
        assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(result).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/v1/jobs/{id}/curves", "7f000000-0000-0000-0000-000000000000").exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void cancellingARunningJobStopsItAtAStepBoundaryAndCancellingAFinishedOneIsAConflict() {
        String id = JsonPath.read(body(submit(JobSpecs.endless("to-cancel"))), "$.id");
        awaitStatus(id, "RUNNING");
        MvcTestResult cancel = mvc.post().uri("/api/v1/jobs/{id}/cancel", id).exchange();
        assertThat(cancel).hasStatusOk();
        assertThat(cancel).bodyJson().extractingPath("$.status").isIn("CANCELLING", "CANCELLED");
        String cancelled = awaitStatus(id, "CANCELLED");
        assertThat((Integer) JsonPath.read(cancelled, "$.progress.step")).isPositive();

        MvcTestResult again = mvc.post().uri("/api/v1/jobs/{id}/cancel", id).exchange();
        assertThat(again).hasStatus(HttpStatus.CONFLICT);
        assertThat(again).bodyJson().extractingPath("$.jobStatus").isEqualTo("CANCELLED");
    }

    @Test
    void aJobClippedByTheGlobalNormTrainsThroughTheApi() {
        MvcTestResult created = submit("""
                {"name": "global-clip", "dataset": "synthetic", "model": {"hiddenLayers": 2, "hiddenUnits": 16},
                 "optimizer": {"type": "sgd", "learningRate": 0.1,
                               "gradientClipping": {"type": "l2Global", "threshold": 1.0}},
                 "gradientNoise": {"eta": 0.01}, "training": {"maxSteps": 40, "batchSize": 50}}""");
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).bodyJson().extractingPath("$.spec.optimizer.gradientClipping.type").isEqualTo("l2Global");
        String job = awaitStatus(JsonPath.read(body(created), "$.id"), "SUCCEEDED");
        assertThat((Integer) JsonPath.read(job, "$.progress.step")).isEqualTo(40);
    }

    @Test
    void aRunningJobStoppedEarlyKeepsItsModelAtThatStep() {
        String id = JsonPath.read(body(submit(JobSpecs.endless("to-stop"))), "$.id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> ((Number) JsonPath
                .read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.progress.step")).longValue() > 0);
        MvcTestResult stop = mvc.post().uri("/api/v1/jobs/{id}/stop", id).exchange();
        assertThat(stop).hasStatusOk();
        String stopped = awaitStatus(id, "SUCCEEDED");
        long step = ((Number) JsonPath.read(stopped, "$.progress.step")).longValue();
        assertThat(step).isPositive().isLessThan(((Number) JsonPath.read(stopped, "$.progress.totalSteps")).longValue());
        assertThat((Boolean) JsonPath.read(stopped, "$.stoppedEarly")).isTrue();
        assertThat((Double) JsonPath.read(stopped, "$.metrics.testAccuracy")).isBetween(0.0, 1.0);
        assertThat((String) JsonPath.read(stopped, "$.model.sha256")).hasSize(64);
        assertThat(mvc.get().uri("/api/v1/jobs/{id}/model", id).exchange()).hasStatusOk();
        assertThat(mvc.post().uri("/api/v1/jobs/{id}/stop", id).exchange()).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void aFinishedJobIsDeletedWithItsCurvesAndModelAndAnUnfinishedOneIsNot() {
        String id = JsonPath.read(body(submit(JobSpecs.small("to-delete"))), "$.id");
        assertThat(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange()).as("queued or running")
                .hasStatus(HttpStatus.CONFLICT);
        awaitStatus(id, "SUCCEEDED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?::uuid", Integer.class, id))
                .isPositive();
        java.nio.file.Path model = java.nio.file.Path.of("target/test-artifacts", id, "model.zip");
        assertThat(model).exists();
        assertThat(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange()).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?::uuid", Integer.class, id))
                .isZero();
        assertThat(model).doesNotExist();
        assertThat(mvc.delete().uri("/api/v1/jobs/{id}", id).exchange()).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void jobsAreFilteredByAPartOfTheirName() {
        String wanted = JsonPath.read(body(submit(JobSpecs.small("Sweep_lr-0.1"))), "$.id");
        submit(JobSpecs.small("other"));
        MvcTestResult found = mvc.get().uri("/api/v1/jobs?name=sweep_lr").exchange();
        assertThat(found).bodyJson().extractingPath("$.jobs[*].id").isEqualTo(List.of(wanted));
        assertThat(mvc.get().uri("/api/v1/jobs?name=%25").exchange()).bodyJson().extractingPath("$.jobs.length()")
                .isEqualTo(0);
    }

    @Test
    void aDivergingRunFailsAsDivergedWithTheStep() {
        String id = JsonPath.read(body(submit("""
                {"name": "diverges", "dataset": {"name": "synthetic"},
                 "model": {"hiddenLayers": 3, "hiddenUnits": 64, "init": {"type": "normal", "std": 5}},
                 "optimizer": {"type": "sgd", "learningRate": 100},
                 "training": {"epochs": 5, "batchSize": 50}}""")), "$.id");
        String failed = awaitStatus(id, "FAILED");
        assertThat((String) JsonPath.read(failed, "$.failure.reason")).isEqualTo("DIVERGED");
        assertThat((Integer) JsonPath.read(failed, "$.failure.step")).isPositive();
        assertThat((Integer) JsonPath.read(failed, "$.attempt")).as("divergence is final, not retried").isEqualTo(1);
    }

    @Test
    void theListIsCursorPagedNewestFirstWithoutSpecs() {
        for (int i = 0; i < 3; i++) {
            submit(JobSpecs.small("paged-" + i));
        }
        MvcTestResult first = mvc.get().uri("/api/v1/jobs?limit=2").exchange();
        assertThat(first).hasStatusOk();
        assertThat(first).bodyJson().extractingPath("$.jobs.length()").isEqualTo(2);
        assertThat(first).bodyJson().extractingPath("$.jobs[0].name").isEqualTo("paged-2");
        assertThat(first).bodyJson().doesNotHavePath("$.jobs[0].spec");
        String cursor = JsonPath.read(body(first), "$.nextCursor");
        MvcTestResult second = mvc.get().uri("/api/v1/jobs?limit=2&cursor={c}", cursor).exchange();
        assertThat(second).bodyJson().extractingPath("$.jobs[0].name").isEqualTo("paged-0");
        assertThat(mvc.get().uri("/api/v1/jobs?cursor=garbage").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/v1/jobs?status=DONE").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/v1/jobs?limit=0").exchange()).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theDatasetsListNamesTheGeneratedTheBundledAndTheFolderSets() {
        MvcTestResult result = mvc.get().uri("/api/v1/datasets").exchange();
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$[*].name")
                .isEqualTo(List.of("synthetic", "adding-100", "binary-addition-8", "mnist-10k", "mnist-tiny"));
        assertThat(result).bodyJson().extractingPath("$[3].source").isEqualTo("bundled");
    }

    private MvcTestResult submit(String json) {
        return mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private String awaitStatus(String id, String status) {
        String[] last = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange());
            return status.equals(JsonPath.read(last[0], "$.status"));
        });
        return last[0];
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int jobCount() {
        return jdbc.queryForObject("SELECT count(*) FROM training_job", Integer.class);
    }
}
