package io.anneal.tenant;

import static io.anneal.support.TenantFixtures.as;
import static io.anneal.support.TenantFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import io.anneal.support.TenantFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Each quota refuses (429, naming the quota and its use) or defers what would pass it, and stores nothing. */
@IntegrationTest
class QuotaTests {

    private static final String HELD = "{\"runningJobs\": 0, ";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MeterRegistry registry;

    @Test
    void aSubmissionPastTheQueuedJobsQuotaIsRefusedAndAnExperimentPastItCreatesNoJobAtAll() {
        String tenant = TenantFixtures.tenant(mvc, "queued", HELD + "\"queuedJobs\": 2}");
        String key = TenantFixtures.key(mvc, tenant, "member");
        double before = refusals("queuedJobs");
        assertThat(submit(key, JobSpecs.small("one"))).hasStatus(201);
        MvcTestResult experiment = as(key, mvc.post().uri("/api/v1/experiments"))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "too many", "baseSpec": {"dataset": {"name": "synthetic"},
                         "model": {"hiddenLayers": 1, "hiddenUnits": 8}, "training": {"maxSteps": 20}},
                         "grid": {"optimizer.learningRate": [0.1, 0.01]}, "seeds": [1]}""").exchange();
        assertThat(experiment).hasStatus(429).hasContentTypeCompatibleWith("application/problem+json");
        assertThat((String) JsonPath.read(body(experiment), "$.quota")).isEqualTo("queuedJobs");
        assertThat((Integer) JsonPath.read(body(experiment), "$.used")).isEqualTo(1);
        assertThat((Integer) JsonPath.read(body(experiment), "$.requested")).isEqualTo(2);
        assertThat((Integer) JsonPath.read(body(experiment), "$.limit")).isEqualTo(2);
        assertThat(jobs(key)).containsExactly("one");
        assertThat(body(as(key, mvc.get().uri("/api/v1/experiments")).exchange())).doesNotContain("too many");
        assertThat(submit(key, JobSpecs.small("two"))).hasStatus(201);
        MvcTestResult third = submit(key, JobSpecs.small("three"));
        assertThat(third).hasStatus(429);
        assertThat(body(third)).contains("at most 2 queued jobs").doesNotContain("Exception");
        assertThat(jobs(key)).containsExactlyInAnyOrder("one", "two");
        assertThat(refusals("queuedJobs")).isEqualTo(before + 2);
    }

    @Test
    void queuedStepsCountWhatTheQueuedJobsPlan() {
        String tenant = TenantFixtures.tenant(mvc, "steps", HELD + "\"queuedSteps\": 100}");
        String key = TenantFixtures.key(mvc, tenant, "member");
        String sixty = "{\"dataset\": \"synthetic\", \"model\": {\"hiddenLayers\": 1, \"hiddenUnits\": 8}, "
                + "\"training\": {\"maxSteps\": 60}}";
        assertThat(submit(key, sixty)).hasStatus(201);
        MvcTestResult refused = submit(key, sixty);
        assertThat(refused).hasStatus(429);
        assertThat((String) JsonPath.read(body(refused), "$.quota")).isEqualTo("queuedSteps");
        assertThat((Integer) JsonPath.read(body(refused), "$.used")).isEqualTo(60);
        String me = body(as(key, mvc.get().uri("/api/v1/me")).exchange());
        assertThat((Integer) JsonPath.read(me, "$.usage.queuedSteps")).isEqualTo(60);
        assertThat((Integer) JsonPath.read(me, "$.quotas.queuedSteps")).isEqualTo(100);
    }

    @Test
    void anUploadPastTheUploadBytesQuotaIsRefusedAndNotStored() {
        String tenant = TenantFixtures.tenant(mvc, "bytes", "{\"uploadBytes\": 100}");
        String key = TenantFixtures.key(mvc, tenant, "member");
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i < 60; i++) {
            csv.append(i).append(',').append(i % 2).append('\n');
        }
        MvcTestResult refused = as(key, mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "t.csv", "text/csv", csv.toString().getBytes()))
                .param("name", "too-big-for-us").param("label", "y")).exchange();
        assertThat(refused).hasStatus(429);
        assertThat((String) JsonPath.read(body(refused), "$.quota")).isEqualTo("uploadBytes");
        assertThat(as(key, mvc.get().uri("/api/v1/datasets/too-big-for-us")).exchange()).hasStatus(404);
    }

    @Test
    void aTenantRunsNoMoreJobsAtOnceThanItsQuotaUntilAnAdminRaisesIt() {
        String tenant = TenantFixtures.tenant(mvc, "running", "{\"runningJobs\": 1}");
        String key = TenantFixtures.key(mvc, tenant, "member");
        String first = JsonPath.read(body(submit(key, JobSpecs.endless("first"))), "$.id");
        String second = JsonPath.read(body(submit(key, JobSpecs.endless("second"))), "$.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(key, first).equals("RUNNING"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> status(key, second).equals("QUEUED"));
        assertThat(mvc.put().uri("/api/v1/tenants/{id}/quotas", tenant).contentType(MediaType.APPLICATION_JSON)
                .content("{\"runningJobs\": 2}").exchange()).hasStatusOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(key, second).equals("RUNNING"));
        for (String id : List.of(first, second)) {
            assertThat(as(key, mvc.post().uri("/api/v1/jobs/{id}/cancel", id)).exchange()).hasStatusOk();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> status(key, first).equals("CANCELLED")
                && status(key, second).equals("CANCELLED"));
    }

    private MvcTestResult submit(String key, String spec) {
        return as(key, mvc.post().uri("/api/v1/jobs")).contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
    }

    private List<String> jobs(String key) {
        return JsonPath.read(body(as(key, mvc.get().uri("/api/v1/jobs")).exchange()), "$.jobs[*].name");
    }

    private String status(String key, String id) {
        return JsonPath.read(body(as(key, mvc.get().uri("/api/v1/jobs/{id}", id)).exchange()), "$.status");
    }

    private double refusals(String quota) {
        var counter = registry.find("anneal.quota.refusals").tag("quota", quota).counter();
        return counter == null ? 0 : counter.count();
    }
}
