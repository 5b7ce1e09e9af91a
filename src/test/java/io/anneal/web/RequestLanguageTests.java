package io.anneal.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request body the API reads, every field of it, generated from the request schemas of
 * openapi.yaml: a value of the wrong type (a fraction for a whole number, text for a number, a number
 * for a name, an object for a list…) is a 400 naming that field, nothing is coerced, and no problem
 * response ever shows a Java type or a library's name. Query parameters and unreadable bodies too.
 */
@IntegrationTest
class RequestLanguageTests {

    /** What a user must never read: qualified names, our record names, the JSON library, Java words. */
    private static final Pattern LEAK = Pattern.compile("(?i)\\b[a-z]+\\.[a-z]+\\.[a-z]+\\.|jackson|java|`|"
            + "creator|exception|\\bclass\\b|jsonnode|DatasetRef|JobSpec|NetworkSpec|OptimizerSpec|NoiseSpec|"
            + "LoopSpec|ClippingSpec|InitSpec|RunSpec|PredictionRequest|EvaluationRequest|PresetRequest|"
            + "ExperimentRequest|Failed to convert|Validation failure|deserializ|coerc");
    private static final String UNKNOWN_JOB = "7f000000-0000-0000-0000-000000000003";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Endpoint, its request schema, and a valid body that the wrong value is written into. */
    private record Endpoint(String path, String schema, String validBody) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/api/v1/jobs", "JobSpec", """
                    {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1, "hiddenUnits": 8},
                     "training": {"maxSteps": 5}}"""),
            new Endpoint("/api/v1/experiments", "ExperimentRequest", """
                    {"baseSpec": {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 1}}, "repeats": 1}"""),
            new Endpoint("/api/v1/experiments/presets/neelakantan2015-table1", "PresetRequest", "{\"repeats\": 1}"),
            new Endpoint("/api/v1/jobs/" + UNKNOWN_JOB + "/predictions", "PredictionRequest",
                    "{\"instances\": [[0.5]]}"),
            new Endpoint("/api/v1/jobs/" + UNKNOWN_JOB + "/evaluations", "EvaluationRequest",
                    "{\"dataset\": \"synthetic\"}"));

    @Autowired
    MockMvcTester mvc;

    @Test
    void everyFieldOfEveryRequestRefusesAValueOfTheWrongTypeByName() throws Exception {
        Map<String, Object> schemas = schemas();
        int cases = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            Map<String, String> fields = new LinkedHashMap<>();
            leaves(schemas, schema(schemas, endpoint.schema()), "", fields);
            assertThat(fields).as(endpoint.schema()).isNotEmpty();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                for (JsonNode wrong : wrongValues(field.getValue())) {
                    String body = with(endpoint.validBody(), field.getKey(), wrong);
                    MvcTestResult result = post(endpoint.path(), body);
                    String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
                    assertThat(result.getResponse().getStatus()).as(body + " -> " + answer).isEqualTo(400);
                    assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
                    assertThat((List<String>) JsonPath.read(answer, "$.errors[*].field")).as(body + " -> " + answer)
                            .contains(field.getKey());
                    assertNoLeak(answer);
                    cases++;
                }
            }
        }
        assertThat(cases).as("wrong values sent").isGreaterThan(150);
    }

    @Test
    void theCoercionsOfTheFirstHourAreRefused() throws Exception {
        for (String[] sent : new String[][] {{"model.hiddenLayers", "2.5"}, {"training.batchSize", "1.5"},
                {"model.hiddenLayers", "\"2\""}, {"model.activation", "3"}, {"optimizer.type", "1"}}) {
            String body = with(ENDPOINTS.get(0).validBody(), sent[0], JSON.readTree(sent[1]));
            MvcTestResult result = post("/api/v1/jobs", body);
            assertThat(result).as(body).hasStatus(400);
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(sent[0]);
        }
    }

    @Test
    void aBodyWithSeveralBadFieldsNamesEachOfThem() throws Exception {
        MvcTestResult result = post("/api/v1/jobs", """
                {"dataset": {"name": "synthetic"}, "model": {"hiddenLayers": 2.5, "activation": 3, "colour": "red"},
                 "training": {"batchSize": "64"}}""");
        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactlyInAnyOrder(
                "model.hiddenLayers", "model.activation", "model.colour", "training.batchSize");
    }

    @Test
    void unreadableBodiesAreExplainedInPlainWords() throws Exception {
        for (String body : List.of("{\"model\": NaN}", "{\"name\": \"a\", \"name\": \"b\"}", "{\"name\": \"a\"} x",
                "{\"name\": ", "name=a", "[1, 2]", "\"text\"", "{}".repeat(1) + "[".repeat(40) + "]".repeat(40))) {
            MvcTestResult result = post("/api/v1/jobs", body);
            String answer = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(result.getResponse().getStatus()).as(body + " -> " + answer).isEqualTo(400);
            assertNoLeak(answer);
        }
        assertThat(detail(post("/api/v1/jobs", "{\"gradientNoise\": {\"eta\": NaN}}")))
                .contains("NaN and Infinity are not numbers in JSON");
        assertThat(detail(post("/api/v1/jobs", "{\"name\": \"a\", \"name\": \"b\"}"))).contains("\"name\" appears twice");
    }

    @Test
    void queryParametersAreCheckedByNameAndValue() throws Exception {
        MvcTestResult status = mvc.get().uri("/api/v1/jobs?status=running").exchange();
        assertThat(status).hasStatus(400);
        assertThat(detail(status)).contains("status").contains("QUEUED, RUNNING, CANCELLING");
        MvcTestResult limit = mvc.get().uri("/api/v1/jobs?limit=100000").exchange();
        assertThat(limit).hasStatus(400);
        assertThat(detail(limit)).contains("limit").contains("200").contains("100000");
        MvcTestResult points = mvc.get().uri("/api/v1/jobs/" + UNKNOWN_JOB + "/curves?maxPoints=1").exchange();
        assertThat(points).hasStatus(400);
        assertThat(detail(points)).contains("maxPoints").contains("2");
        MvcTestResult typo = mvc.get().uri("/api/v1/jobs?stauts=RUNNING").exchange();
        assertThat(typo).hasStatus(400);
        assertThat(detail(typo)).contains("stauts").contains("status, name, limit, cursor");
        MvcTestResult id = mvc.get().uri("/api/v1/jobs/not-an-id").exchange();
        assertThat(id).hasStatus(400);
        assertThat(detail(id)).contains("id");
        for (MvcTestResult result : List.of(status, limit, points, typo, id)) {
            assertNoLeak(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBodyWithoutContentTypeIsToldToSendJson() throws Exception {
        MvcTestResult result = mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("{}").exchange();
        assertThat(result).hasStatus(415);
        assertThat(detail(result)).contains("Content-Type: application/json");
        assertNoLeak(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void theShortAndLongFormsOfADatasetAreAcceptedEverywhere() throws Exception {
        MvcTestResult shortForm = post("/api/v1/jobs", """
                {"dataset": "synthetic", "model": {"hiddenLayers": 1, "hiddenUnits": 8}, "training": {"maxSteps": 5}}""");
        assertThat(shortForm).hasStatus(201);
        assertThat(shortForm).bodyJson().extractingPath("$.spec.dataset.name").isEqualTo("synthetic");
        String id = JsonPath.read(shortForm.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.id");
        mvc.post().uri("/api/v1/jobs/" + id + "/cancel").exchange();
        MvcTestResult evaluation = post("/api/v1/jobs/" + UNKNOWN_JOB + "/evaluations",
                "{\"dataset\": {\"name\": \"synthetic\"}}");
        assertThat(evaluation).as("read, then the job is looked up").hasStatus(404);
        MvcTestResult missing = post("/api/v1/jobs/" + UNKNOWN_JOB + "/evaluations", "{}");
        assertThat(missing).hasStatus(404);
    }

    private static void assertNoLeak(String answer) {
        assertThat(LEAK.matcher(answer).find()).as("no Java or library names in " + answer).isFalse();
    }

    private static String detail(MvcTestResult result) throws Exception {
        return JsonPath.read(result.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.detail");
    }

    private MvcTestResult post(String path, String body) {
        return mvc.post().uri(path).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    /** Values of another JSON type than the schema's, and for names a number and an unknown name. */
    private static List<JsonNode> wrongValues(String type) {
        List<String> values = switch (type) {
            case "integer" -> List.of("2.5", "\"2\"", "true", "{}");
            case "number" -> List.of("\"1.5\"", "true", "[]");
            case "boolean" -> List.of("\"yes\"", "1");
            case "enum" -> List.of("3", "\"NOT_A_CHOICE\"");
            case "string" -> List.of("3", "{}", "[]");
            case "array" -> List.of("{}", "3");
            case "object", "dataset" -> List.of("3", "[]");
            default -> throw new IllegalArgumentException(type);
        };
        List<JsonNode> nodes = new ArrayList<>();
        values.forEach(value -> nodes.add(JSON.readTree(value)));
        return nodes;
    }

    /** Field path -> its type, for every field of a schema, nested objects and array items included. */
    @SuppressWarnings("unchecked")
    private static void leaves(Map<String, Object> schemas, Map<String, Object> schema, String path,
            Map<String, String> fields) {
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        if (properties == null) {
            return;
        }
        properties.forEach((name, property) -> walk(schemas, property, path.isEmpty() ? name : path + "." + name,
                fields));
    }

    @SuppressWarnings("unchecked")
    private static void walk(Map<String, Object> schemas, Map<String, Object> property, String path,
            Map<String, String> fields) {
        Object ref = property.get("$ref");
        if (ref != null) {
            String name = ref.toString().substring(ref.toString().lastIndexOf('/') + 1);
            if (name.equals("JsonNode")) {
                return;
            }
            fields.put(path, name.equals("DatasetRef") ? "dataset" : "object");
            leaves(schemas, schema(schemas, name), path, fields);
            return;
        }
        String type = String.valueOf(property.get("type"));
        if (property.containsKey("enum")) {
            fields.put(path, "enum");
        } else if (type.equals("array")) {
            fields.put(path, "array");
            walk(schemas, (Map<String, Object>) property.get("items"), path + "[0]", fields);
        } else if (type.equals("object")) {
            fields.put(path, "object");
        } else if (List.of("integer", "number", "boolean", "string").contains(type)) {
            fields.put(path, type);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas() throws IOException {
        Map<String, Object> contract = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        return (Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("schemas");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(Map<String, Object> schemas, String name) {
        return (Map<String, Object>) schemas.get(name);
    }

    /** The body with {@code value} written at {@code path} (dots and [0] indexes), creating what is missing. */
    private static String with(String body, String path, JsonNode value) {
        ObjectNode root = (ObjectNode) JSON.readTree(body);
        JsonNode node = root;
        String[] steps = path.replace("[", ".[").split("\\.");
        for (int i = 0; i < steps.length; i++) {
            boolean last = i == steps.length - 1;
            String step = steps[i];
            boolean nextIsIndex = !last && steps[i + 1].startsWith("[");
            if (step.startsWith("[")) {
                ArrayNode array = (ArrayNode) node;
                if (array.isEmpty()) {
                    array.add(last ? value : nextIsIndex ? JSON.getNodeFactory().arrayNode() : JSON.getNodeFactory().objectNode());
                } else if (last) {
                    array.set(0, value);
                } else if (!(array.get(0).isContainer())) {
                    array.set(0, nextIsIndex ? JSON.getNodeFactory().arrayNode() : JSON.getNodeFactory().objectNode());
                }
                node = array.get(0);
            } else {
                ObjectNode object = (ObjectNode) node;
                if (last) {
                    object.set(step, value);
                } else if (object.get(step) == null || !object.get(step).isContainer()
                        || nextIsIndex != object.get(step).isArray()) {
                    object.set(step, nextIsIndex ? JSON.getNodeFactory().arrayNode() : JSON.getNodeFactory().objectNode());
                }
                node = object.get(step);
            }
        }
        return root.toString();
    }
}
