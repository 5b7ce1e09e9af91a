package io.anneal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.mockmvc.OpenApiValidationMatchers;
import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code openapi.yaml} is the contract: it must describe exactly the endpoints, parameters and schemas
 * the controllers serve (compared with the description generated from them, which the service itself
 * replaces with the contract), and real requests and responses must validate against it.
 */
@IntegrationTest
@TestPropertySource(properties = "anneal.api-docs.curated=false")
class OpenApiContractTests {

    private static final Path CONTRACT = Path.of("openapi.yaml");

    @Autowired
    MockMvcTester mvc;

    @Test
    void theContractDescribesExactlyTheOperationsParametersAndSchemasTheServiceServes() throws IOException {
        Map<String, Object> contract = new Yaml().load(Files.readString(CONTRACT));
        Map<String, Object> served = JsonMapper.builder().build().readValue(
                mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString(StandardCharsets.UTF_8),
                Map.class);
        assertThat(operations(contract)).isEqualTo(operations(served));
        assertThat(schemas(contract)).containsAllEntriesOf(schemas(served));
    }

    @Test
    void realRequestsAndResponsesValidateAgainstTheContract() throws Exception {
        ResultMatcher valid = OpenApiValidationMatchers.openApi().isValid(CONTRACT.toUri().toString());
        MvcTestResult created = check(valid, mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content(JobSpecs.small("contract")));
        String id = JsonPath.read(created.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.id");
        check(valid, mvc.get().uri("/api/v1/jobs/{id}", id));
        check(valid, mvc.get().uri("/api/v1/jobs?limit=5"));
        check(valid, mvc.get().uri("/api/v1/jobs/{id}/curves?metric=loss&maxPoints=10", id));
        check(valid, mvc.get().uri("/api/v1/datasets"));
        check(valid, mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"dataset\": {\"name\": \"nowhere\"}, \"model\": {}}"));
        check(valid, mvc.get().uri("/api/v1/jobs/{id}", "7f000000-0000-0000-0000-000000000002"));
    }

    private static MvcTestResult check(ResultMatcher valid, MockMvcTester.MockMvcRequestBuilder request)
            throws Exception {
        MvcTestResult result = request.exchange();
        valid.match(result.getMvcResult());
        return result;
    }

    /** "METHOD path" -> the (in, name) of each parameter, sorted. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> operations(Map<String, Object> document) {
        Map<String, Set<String>> operations = new TreeMap<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach(
                (method, operation) -> {
                    Set<String> parameters = new TreeSet<>();
                    List<Map<String, Object>> declared = (List<Map<String, Object>>) ((Map<String, Object>) operation)
                            .getOrDefault("parameters", List.of());
                    declared.forEach(parameter -> parameters.add(parameter.get("in") + ":" + parameter.get("name")));
                    operations.put(method.toUpperCase() + " " + path, parameters);
                }));
        return operations;
    }

    /** schema -> its property names, each with its enum values when it has them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> schemas(Map<String, Object> document) {
        Map<String, Set<String>> schemas = new TreeMap<>();
        Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) ((Map<String, Object>) document
                .get("components")).get("schemas");
        all.forEach((name, schema) -> {
            Set<String> properties = new TreeSet<>();
            ((Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of())).forEach(
                    (property, definition) -> properties.add(property + definition.getOrDefault("enum", "")));
            schemas.put(name, properties);
        });
        return schemas;
    }
}
