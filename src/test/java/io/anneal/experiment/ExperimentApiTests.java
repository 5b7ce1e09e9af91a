package io.anneal.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
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
class ExperimentApiTests {

    private static final String SMALL = """
            {"name": "small grid",
             "baseSpec": {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1, "hiddenUnits": 16},
                          "training": {"maxSteps": 40, "batchSize": 50}},
             "grid": {"optimizer.learningRate": [0.1, 0.01], "gradientNoise": [null, {"eta": 0.01}]},
             "seeds": [1, 2]}""";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anExperimentExpandsIntoJobsAndSummarisesEachCell() throws Exception {
        MvcTestResult created = post("/api/v1/experiments", SMALL);
        assertThat(created).hasStatus(HttpStatus.CREATED);
        String id = JsonPath.read(body(created), "$.id");
        assertThat(created).bodyJson().extractingPath("$.cells.length()").isEqualTo(4);
        assertThat(created).bodyJson().extractingPath("$.runs.total").isEqualTo(8);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> "DONE".equals(JsonPath.read(body(get("/api/v1/experiments/" + id)), "$.status")));
        String done = body(get("/api/v1/experiments/" + id));
        assertThat((Integer) JsonPath.read(done, "$.runs.succeeded")).isEqualTo(8);
        assertThat((List<Integer>) JsonPath.read(done, "$.cells[*].summary.finalValue.n")).containsOnly(2);
        assertThat((List<Integer>) JsonPath.read(done, "$.cells[*].summary.bestDuringTraining.n")).containsOnly(2);
        List<String> jobIds = JsonPath.read(done, "$.cells[0].jobIds");
        String firstRun = body(get("/api/v1/jobs/" + jobIds.get(0)));
        assertThat((Double) JsonPath.read(firstRun, "$.spec.optimizer.learningRate")).isEqualTo(0.1);
        assertThat((Object) JsonPath.read(firstRun, "$.spec.gradientNoise")).isNull();
        assertThat((Integer) JsonPath.read(firstRun, "$.spec.training.seed")).isEqualTo(1);

        String markdown = body(get("/api/v1/experiments/" + id + "/table?format=markdown"));
        assertThat(markdown.lines()).hasSize(6);
        assertThat(markdown.lines().findFirst().orElseThrow()).startsWith("| optimizer.learningRate | gradientNoise |");
        String csv = body(get("/api/v1/experiments/" + id + "/table?format=csv"));
        assertThat(csv.lines()).hasSize(5);
        assertThat(get("/api/v1/experiments/" + id + "/table?format=xml")).hasStatus(HttpStatus.BAD_REQUEST);

        String pooled = body(get("/api/v1/experiments/" + id + "?pool=optimizer.learningRate"));
        assertThat((List<String>) JsonPath.read(pooled, "$.pooledOver")).containsExactly("optimizer.learningRate");
        assertThat((List<Integer>) JsonPath.read(pooled, "$.cells[*].runs.total")).containsExactly(4, 4);
        assertThat((List<Integer>) JsonPath.read(pooled, "$.cells[*].summary.finalValue.n")).containsExactly(4, 4);
        assertThat((List<Boolean>) JsonPath.read(pooled, "$.cells[*].complete")).containsOnly(true);
        assertThat((List<String>) JsonPath.read(pooled, "$.cells[0].paths")).containsExactly("gradientNoise");
        String pooledTable = body(get("/api/v1/experiments/" + id + "/table?format=markdown&pool=optimizer.learningRate"));
        assertThat(pooledTable.lines()).hasSize(4);
        assertThat(pooledTable.lines().findFirst().orElseThrow()).startsWith("| gradientNoise | runs |")
                .contains("final n").contains("best-seen std");
        assertThat(get("/api/v1/experiments/" + id + "?pool=model.colour")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);

        MvcTestResult cancelDone = post("/api/v1/experiments/" + id + "/cancel", "");
        assertThat(cancelDone).as("a finished experiment keeps its result").hasStatus(HttpStatus.CONFLICT);
        assertThat(cancelDone).bodyJson().extractingPath("$.type")
                .isEqualTo("https://anneal.dev/problems/experiment-state-conflict");
        assertThat((String) JsonPath.read(body(get("/api/v1/experiments/" + id)), "$.status")).isEqualTo("DONE");
    }

    @Test
    void experimentsAreListedNewestFirstPageByPage() {
        String first = JsonPath.read(body(post("/api/v1/experiments", SMALL.replace("small grid", "listed 1"))), "$.id");
        String second = JsonPath.read(body(post("/api/v1/experiments", SMALL.replace("small grid", "listed 2"))),
                "$.id");
        String page = body(get("/api/v1/experiments?limit=1"));
        assertThat((List<String>) JsonPath.read(page, "$.experiments[*].id")).containsExactly(second);
        assertThat((String) JsonPath.read(page, "$.experiments[0].name")).isEqualTo("listed 2");
        assertThat((Integer) JsonPath.read(page, "$.experiments[0].runs.total")).isEqualTo(8);
        String cursor = JsonPath.read(page, "$.nextCursor");
        String next = body(get("/api/v1/experiments?limit=1&cursor=" + cursor));
        assertThat((List<String>) JsonPath.read(next, "$.experiments[*].id")).containsExactly(first);
        assertThat(get("/api/v1/experiments?cursor=garbage")).hasStatus(HttpStatus.BAD_REQUEST);
        post("/api/v1/experiments/" + first + "/cancel", "");
        post("/api/v1/experiments/" + second + "/cancel", "");
    }

    @Test
    void cancellingAnExperimentCancelsItsUnfinishedJobs() {
        MvcTestResult created = post("/api/v1/experiments", SMALL.replace("\"maxSteps\": 40", "\"maxSteps\": 10000000"));
        String id = JsonPath.read(body(created), "$.id");
        MvcTestResult cancelled = post("/api/v1/experiments/" + id + "/cancel", "");
        assertThat(cancelled).hasStatusOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String experiment = body(get("/api/v1/experiments/" + id));
            return (Integer) JsonPath.read(experiment, "$.runs.cancelled") == 8;
        });
        assertThat(JsonPath.read(body(get("/api/v1/experiments/" + id)), "$.status").toString()).isEqualTo("CANCELLED");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anExperimentWithAnInvalidCellCreatesNothing(CapturedOutput output) {
        int jobs = count("training_job");
        int experiments = count("experiment");
        int logged = output.getOut().length();
        MvcTestResult invalid = post("/api/v1/experiments", SMALL.replace("[0.1, 0.01]", "[0.1, -5]"));
        assertThat(output.getOut().substring(logged)).as("no job of a rolled-back experiment is logged as queued")
                .doesNotContain("queued");
        assertThat(invalid).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(invalid).bodyJson().extractingPath("$.errors[0].field").isEqualTo("optimizer.learningRate");
        MvcTestResult tooMany = post("/api/v1/experiments", SMALL.replace("\"seeds\": [1, 2]", "\"repeats\": 400"));
        assertThat(tooMany).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(count("training_job")).isEqualTo(jobs);
        assertThat(count("experiment")).isEqualTo(experiments);
        assertThat(get("/api/v1/experiments/7f000000-0000-0000-0000-000000000003")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void thePaperTablePresetExpandsIntoItsTwentyFourCells() {
        MvcTestResult presets = get("/api/v1/experiments/presets");
        assertThat(presets).bodyJson().extractingPath("$['neelakantan2015-table1'].baseSpec.model.hiddenLayers")
                .isEqualTo(20);
        MvcTestResult run = post("/api/v1/experiments/presets/neelakantan2015-table1",
                "{\"repeats\": 1, \"maxSteps\": 1, \"dataset\": \"synthetic\"}");
        assertThat(run).hasStatus(HttpStatus.CREATED);
        assertThat(run).bodyJson().extractingPath("$.cells.length()").isEqualTo(24);
        String id = JsonPath.read(body(run), "$.id");
        post("/api/v1/experiments/" + id + "/cancel", "");
        assertThat(post("/api/v1/experiments/presets/no-such-preset", "{}")).hasStatus(HttpStatus.NOT_FOUND);
    }

    private MvcTestResult post(String uri, String json) {
        return mvc.post().uri(uri).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
    }

    private MvcTestResult get(String uri) {
        return mvc.get().uri(uri).exchange();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
