package io.anneal.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class GridExpansionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theGridIsTheCartesianProductOfItsAxesWithJointAxesVaryingTogether() {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        grid.put("optimizer.learningRate", List.of(json("0.1"), json("0.01")));
        grid.put("model.init,optimizer.gradientClipping", List.of(json("[{\"type\": \"zero\"}, null]"),
                json("[{\"type\": \"he\"}, {\"type\": \"l2PerLayer\", \"threshold\": 10}]")));
        grid.put("gradientNoise", java.util.Arrays.asList(JSON.getNodeFactory().nullNode(), json("{\"eta\": 0.01}")));
        List<GridCell> cells = GridExpansion.cells(grid);
        assertThat(cells).hasSize(8);
        assertThat(cells.get(0).params()).containsOnlyKeys("optimizer.learningRate", "model.init",
                "optimizer.gradientClipping", "gradientNoise");
        assertThat(cells).extracting(GridCell::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(cells.get(0).paths()).containsExactly("optimizer.learningRate", "model.init",
                "optimizer.gradientClipping", "gradientNoise");
        assertThat(cells.get(3).params().get("model.init").get("type").asString()).isEqualTo("he");
    }

    @Test
    void applyingACellWritesItsValuesAndTheSeedIntoACopyOfTheBase() {
        ObjectNode base = (ObjectNode) json("{\"model\": {\"hiddenLayers\": 3}, \"gradientNoise\": {\"eta\": 0.3}}");
        GridCell cell = new GridCell(0, List.of("model.hiddenUnits", "gradientNoise.gamma"),
                Map.of("model.hiddenUnits", json("64"), "gradientNoise.gamma", json("0.6")));
        ObjectNode spec = GridExpansion.apply(base, cell, 42);
        assertThat(spec.get("model").get("hiddenLayers").asInt()).isEqualTo(3);
        assertThat(spec.get("model").get("hiddenUnits").asInt()).isEqualTo(64);
        assertThat(spec.get("training").get("seed").asLong()).isEqualTo(42);
        assertThat(spec.get("gradientNoise").get("seed")).as("left to follow the training seed").isNull();
        assertThat(base.get("training")).isNull();
        assertThat(base.get("model").get("hiddenUnits")).isNull();
    }

    @Test
    void aNoiseSeedTheSpecSetsIsKeptForEveryRun() {
        ObjectNode base = (ObjectNode) json("{\"gradientNoise\": {\"eta\": 0.3, \"seed\": 99}}");
        GridCell cell = new GridCell(0, List.of(), Map.of());
        assertThat(GridExpansion.apply(base, cell, 1).get("gradientNoise").get("seed").asLong()).isEqualTo(99);
        assertThat(GridExpansion.apply(base, cell, 2).get("gradientNoise").get("seed").asLong()).isEqualTo(99);
    }

    @Test
    void aJointAxisValueMustHaveOneValuePerPath() {
        assertThatThrownBy(() -> GridExpansion.cells(Map.of("model.init,optimizer.gradientClipping",
                List.of(json("[{\"type\": \"zero\"}]"))))).isInstanceOf(InvalidExperimentException.class);
    }

    @Test
    void statisticsSummariseBestMeanStdAndMedian() {
        Statistics accuracy = Statistics.of(List.of(0.9, 0.1, 0.5, 0.7), true);
        assertThat(accuracy.n()).isEqualTo(4);
        assertThat(accuracy.best()).isEqualTo(0.9);
        assertThat(accuracy.mean()).isEqualTo(0.55);
        assertThat(accuracy.median()).isEqualTo(0.6);
        assertThat(accuracy.std()).isCloseTo(0.3416, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Statistics.of(List.of(0.9, 0.1), false).best()).isEqualTo(0.1);
        assertThat(Statistics.of(List.of(), true)).isEqualTo(Statistics.EMPTY);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
