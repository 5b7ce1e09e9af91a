package io.anneal.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Ready-made experiments; {@code neelakantan2015-table1} is the paper's MNIST table. */
@Component
class ExperimentPresets {

    static final String TABLE_1 = "neelakantan2015-table1";
    /**
     * The paper's protocol: 20 runs per cell and learning rate, so that the pooled best and mean of a
     * setting cover 40 runs. 24 cells x 20 runs = 480 jobs of 20,000 updates: about 2.4 hours on two
     * cores (docs/reproduction.md); pass {@code repeats} for fewer.
     */
    static final int PAPER_REPEATS = 20;
    private final JsonMapper json;

    ExperimentPresets(JsonMapper json) {
        this.json = json;
    }

    /** Presets by name, each as the request it would submit with no overrides. */
    Map<String, ExperimentRequest> all() {
        return Map.of(TABLE_1, table1(new PresetRequest(null, null, null, null, null, null)));
    }

    Optional<ExperimentRequest> build(String name, PresetRequest overrides) {
        return TABLE_1.equals(name) ? Optional.of(table1(overrides == null
                ? new PresetRequest(null, null, null, null, null, null) : overrides)) : Optional.empty();
    }

    /**
     * Neelakantan et al. (2015), Table 1: a 20 x 50 ReLU MLP trained with plain SGD at learning rates
     * 0.1 and 0.01, in six settings of initialisation and clipping, each without and with noise
     * (eta 0.01, gamma 0.55). The paper pools both learning rates: read the table with
     * {@code pool=optimizer.learningRate}. Clipping is DL4J's per-layer L2 norm at 10 (the paper says
     * "gradient clipping at 10" without naming the norm; a global norm over all 21 layers clips later).
     */
    private ExperimentRequest table1(PresetRequest overrides) {
        ObjectNode base = (ObjectNode) read("""
                {"dataset": {"name": "mnist-10k"},
                 "model": {"type": "mlp", "hiddenLayers": 20, "hiddenUnits": 50, "activation": "relu"},
                 "optimizer": {"type": "sgd"},
                 "training": {"maxSteps": 20000, "batchSize": 128}}""");
        if (overrides.dataset() != null) {
            GridExpansion.set(base, "dataset.name", json.getNodeFactory().stringNode(overrides.dataset().name()));
        }
        if (overrides.maxSteps() != null) {
            GridExpansion.set(base, "training.maxSteps", json.getNodeFactory().numberNode(overrides.maxSteps()));
        }
        if (overrides.set() != null) {
            overrides.set().forEach((path, value) -> GridExpansion.set(base, path, value));
        }
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        grid.put("model.init,optimizer.gradientClipping", List.of(
                read("[{\"type\": \"normal\", \"std\": 0.1}, {\"type\": \"none\"}]"),
                read("[{\"type\": \"normal\", \"std\": 0.1}, {\"type\": \"l2PerLayer\", \"threshold\": 100}]"),
                read("[{\"type\": \"normal\", \"std\": 0.1}, {\"type\": \"l2PerLayer\", \"threshold\": 10}]"),
                read("[{\"type\": \"sussilloAbbott\"}, {\"type\": \"l2PerLayer\", \"threshold\": 10}]"),
                read("[{\"type\": \"he\"}, {\"type\": \"l2PerLayer\", \"threshold\": 10}]"),
                read("[{\"type\": \"zero\"}, {\"type\": \"l2PerLayer\", \"threshold\": 10}]")));
        List<Double> rates = overrides.learningRates() == null ? List.of(0.1, 0.01) : overrides.learningRates();
        grid.put("optimizer.learningRate", rates.stream().map(rate -> (JsonNode) json.getNodeFactory().numberNode(rate))
                .toList());
        JsonNode noise = overrides.noise() != null ? overrides.noise() : read("{\"eta\": 0.01, \"gamma\": 0.55}");
        grid.put("gradientNoise", java.util.Arrays.asList(json.getNodeFactory().nullNode(), noise));
        return new ExperimentRequest("Neelakantan et al. 2015, Table 1", base, grid, null,
                overrides.repeats() == null ? PAPER_REPEATS : overrides.repeats(), "testAccuracy");
    }

    private JsonNode read(String text) {
        return json.readTree(text);
    }
}
