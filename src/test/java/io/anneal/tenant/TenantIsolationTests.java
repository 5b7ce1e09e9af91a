package io.anneal.tenant;

import static io.anneal.support.TenantFixtures.as;
import static io.anneal.support.TenantFixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import io.anneal.support.TenantFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.yaml.snakeyaml.Yaml;

/**
 * Tenant A's jobs, experiments, models, curves and datasets do not exist for tenant B. The operations
 * tried are every operation of {@code openapi.yaml}, so an endpoint added later is tried too: one with a
 * path parameter must answer B with 404 for A's thing and change nothing, one without must list none of
 * A's things. Paths whose parameter names something every tenant shares are listed in {@link #SHARED}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTests {

    /** Operations on things all tenants share (the presets are built in), not owned by one. */
    private static final Set<String> SHARED = Set.of("/api/v1/experiments/presets/{name}");
    private static final String EXPERIMENT = """
            {"name": "owned grid", "baseSpec": {"dataset": {"name": "synthetic"},
             "model": {"hiddenLayers": 1, "hiddenUnits": 8}, "training": {"maxSteps": 20, "batchSize": 50}},
             "grid": {"optimizer.learningRate": [0.1]}, "seeds": [1]}""";

    @Autowired
    MockMvcTester mvc;

    private String alpha;
    private String beta;
    private String alphaKey;
    private String betaKey;
    private String job;
    private String experiment;
    private String dataset;

    @BeforeAll
    void alphaOwnsAJobAnExperimentAndADataset() {
        alpha = TenantFixtures.tenant(mvc, "alpha", null);
        beta = TenantFixtures.tenant(mvc, "beta", null);
        alphaKey = TenantFixtures.key(mvc, alpha, "member");
        betaKey = TenantFixtures.key(mvc, beta, "member");
        job = JsonPath.read(body(as(alphaKey, mvc.post().uri("/api/v1/jobs")).contentType(MediaType.APPLICATION_JSON)
                .content(JobSpecs.small("alpha's job", 1, 0)).exchange()), "$.id");
        experiment = JsonPath.read(body(as(alphaKey, mvc.post().uri("/api/v1/experiments"))
                .contentType(MediaType.APPLICATION_JSON).content(EXPERIMENT).exchange()), "$.id");
        dataset = "alpha-data";
        MvcTestResult uploaded = as(alphaKey, mvc.post().uri("/api/v1/datasets").multipart()
                .file(new MockMultipartFile("file", "table.csv", "text/csv", table().getBytes()))
                .param("name", dataset).param("label", "y")).exchange();
        assertThat(uploaded).hasStatus(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> "SUCCEEDED".equals(
                JsonPath.read(body(as(alphaKey, mvc.get().uri("/api/v1/jobs/{id}", job)).exchange()), "$.status")));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> "DONE".equals(
                JsonPath.read(body(as(alphaKey, mvc.get().uri("/api/v1/experiments/{id}", experiment)).exchange()),
                        "$.status")));
    }

    @Test
    void everyOperationOnAnotherTenantsThingAnswers404AndChangesNothing() throws IOException {
        List<String> tried = new ArrayList<>();
        for (Operation operation : operations()) {
            if (!operation.path().contains("{") || operation.path().startsWith("/api/v1/tenants")
                    || SHARED.contains(operation.path())) {
                continue;
            }
            String uri = owned(operation.path());
            if (operation.method() == HttpMethod.GET) {
                assertThat(send(operation.method(), uri, alphaKey).getResponse().getStatus())
                        .as("%s %s for its owner", operation.method(), uri).isBetween(200, 299);
            }
            MvcTestResult answer = send(operation.method(), uri, betaKey);
            assertThat(answer).as("%s %s for another tenant", operation.method(), operation.path()).hasStatus(404);
            assertThat(body(answer)).doesNotContain("alpha's job").doesNotContain("owned grid");
            tried.add(operation.method() + " " + operation.path());
        }
        assertThat(tried).as("operations with a path parameter in openapi.yaml").hasSizeGreaterThanOrEqualTo(13)
                .contains("DELETE /api/v1/jobs/{id}", "GET /api/v1/jobs/{id}/model", "GET /api/v1/jobs/{id}/curves",
                        "POST /api/v1/jobs/{id}/predictions", "POST /api/v1/jobs/{id}/evaluations",
                        "POST /api/v1/jobs/{id}/cancel", "POST /api/v1/experiments/{id}/cancel",
                        "DELETE /api/v1/datasets/{name}");
        String owned = body(as(alphaKey, mvc.get().uri("/api/v1/jobs/{id}", job)).exchange());
        assertThat((String) JsonPath.read(owned, "$.status")).isEqualTo("SUCCEEDED");
        assertThat(as(alphaKey, mvc.get().uri("/api/v1/jobs/{id}/model", job)).exchange()).hasStatusOk();
        assertThat(as(alphaKey, mvc.get().uri("/api/v1/datasets/{name}", dataset)).exchange()).hasStatusOk();
        assertThat((String) JsonPath.read(body(as(alphaKey, mvc.get().uri("/api/v1/experiments/{id}", experiment))
                .exchange()), "$.status")).isEqualTo("DONE");
    }

    @Test
    void listsNeverShowAnotherTenantsThings() throws IOException {
        List<String> tried = new ArrayList<>();
        for (Operation operation : operations()) {
            if (operation.method() != HttpMethod.GET || operation.path().contains("{")
                    || operation.path().startsWith("/api/v1/tenants")) {
                continue;
            }
            MvcTestResult mine = send(HttpMethod.GET, operation.path(), alphaKey);
            MvcTestResult theirs = send(HttpMethod.GET, operation.path(), betaKey);
            assertThat(theirs).as(operation.path()).hasStatusOk();
            assertThat(body(theirs)).as(operation.path()).doesNotContain(job).doesNotContain(experiment)
                    .doesNotContain(dataset).doesNotContain(alpha);
            tried.add(operation.path() + (body(mine).contains(job) || body(mine).contains(experiment)
                    || body(mine).contains(dataset) ? " (owner sees its own)" : ""));
        }
        assertThat(tried).contains("/api/v1/jobs (owner sees its own)", "/api/v1/experiments (owner sees its own)",
                "/api/v1/datasets (owner sees its own)");
    }

    @Test
    void theSameIdempotencyKeyInTwoTenantsIsTwoKeys() {
        String spec = JobSpecs.small("keyed", 1, 0);
        MvcTestResult first = as(alphaKey, mvc.post().uri("/api/v1/jobs")).header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
        MvcTestResult second = as(betaKey, mvc.post().uri("/api/v1/jobs")).header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
        MvcTestResult replayed = as(betaKey, mvc.post().uri("/api/v1/jobs")).header("Idempotency-Key", "shared-key")
                .contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
        assertThat(first).hasStatus(201);
        assertThat(second).hasStatus(201);
        assertThat((String) JsonPath.read(body(second), "$.id")).isNotEqualTo(JsonPath.read(body(first), "$.id"));
        assertThat(replayed).hasStatus(200);
        assertThat((String) JsonPath.read(body(replayed), "$.id")).isEqualTo(JsonPath.read(body(second), "$.id"));
    }

    @Test
    void aMemberMayNotManageTenantsOrKeysAndAnAdminOfAnotherTenantSeesThemAll() throws IOException {
        List<String> tried = new ArrayList<>();
        for (Operation operation : operations()) {
            if (operation.path().startsWith("/api/v1/tenants")) {
                String uri = operation.path().replace("{id}", alpha).replace("{keyId}", "ak_aaaaaaaaaaaa");
                assertThat(send(operation.method(), uri, betaKey)).as("%s %s", operation.method(), uri).hasStatus(403);
                tried.add(operation.method() + " " + operation.path());
            }
        }
        assertThat(tried).hasSizeGreaterThanOrEqualTo(7);
        assertThat(body(mvc.get().uri("/api/v1/tenants").exchange())).contains(alpha, beta);
    }

    private MvcTestResult send(HttpMethod method, String uri, String key) {
        MockMvcTester.MockMvcRequestBuilder request = as(key, mvc.method(method).uri(uri));
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            request.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        return request.exchange();
    }

    /** The path with its parameter naming alpha's thing of the kind the segment before it names. */
    private String owned(String path) {
        if (path.startsWith("/api/v1/jobs/{id}")) {
            return path.replace("{id}", job) + (path.endsWith("/curves") ? "?metric=loss" : "");
        }
        if (path.startsWith("/api/v1/experiments/{id}")) {
            return path.replace("{id}", experiment);
        }
        if (path.startsWith("/api/v1/datasets/{name}")) {
            return path.replace("{name}", dataset);
        }
        return fail("%s takes a parameter this test cannot fill with another tenant's thing: say how it is owned "
                + "(or add it to SHARED if every tenant shares it)", path);
    }

    @SuppressWarnings("unchecked")
    private static List<Operation> operations() throws IOException {
        Map<String, Object> contract = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        List<Operation> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) contract.get("paths")).forEach((path, item) -> item.keySet().stream()
                .filter(method -> List.of("get", "post", "put", "patch", "delete").contains(method))
                .forEach(method -> operations.add(new Operation(HttpMethod.valueOf(method.toUpperCase()), path))));
        return operations;
    }

    private static String table() {
        StringBuilder csv = new StringBuilder("a,b,y\n");
        for (int row = 0; row < 40; row++) {
            csv.append(row % 7).append(',').append(row % 5).append(',').append(row % 2 == 0 ? "even" : "odd")
                    .append('\n');
        }
        return csv.toString();
    }

    private record Operation(HttpMethod method, String path) {
    }
}
