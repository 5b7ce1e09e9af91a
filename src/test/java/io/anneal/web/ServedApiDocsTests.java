package io.anneal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.yaml.snakeyaml.Yaml;

/** The service describes itself with the curated contract, not the thin generated one. */
@IntegrationTest
class ServedApiDocsTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void apiDocsServeTheContractWithItsOperationIdsAndProblemResponses() throws Exception {
        String served = mvc.get().uri("/v3/api-docs").exchange().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Map<String, Object> contract = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        assertThat((String) JsonPath.read(served, "$.info.title")).isEqualTo("Anneal");
        List<String> servedIds = JsonPath.read(served, "$.paths.*.*.operationId");
        List<String> contractIds = JsonPath.read(contract, "$.paths.*.*.operationId");
        assertThat(servedIds).containsExactlyInAnyOrderElementsOf(contractIds).contains("submitJob", "getJob",
                "listExperiments").noneMatch(id -> id.matches(".*_\\d+"));
        assertThat(served).contains("application/problem+json");
        assertThat((List<?>) JsonPath.read(served, "$.paths.*.*.summary")).hasSameSizeAs(contractIds);
    }
}
