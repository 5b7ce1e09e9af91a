package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DL4J configuration is read only against the allow-list: DL4J's own types pass, anything else is
 * refused by name and never loaded, by the scan of the text and by the type validator behind it.
 */
class Dl4jConfigurationsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void whatDl4jsOwnBuildersWriteIsReadBack() {
        MultiLayerConfiguration written = new NeuralNetConfiguration.Builder().updater(new Adam(0.01))
                .weightInit(new NormalDistribution(0, 0.1)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.LEAKYRELU).dropOut(0.9).build())
                .layer(new Bidirectional(new LSTM.Builder().nIn(8).nOut(6).build()))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(3)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .build();
        MultiLayerConfiguration read = Dl4jConfigurations.parse(written.toJson());
        assertThat(read.getConfs()).hasSize(3);
        assertThat(read.toJson()).isEqualTo(written.toJson());
    }

    @Test
    void aConfigurationNamingAClassOutsideTheAllowListIsRefusedByNameAndTheClassIsNeverLoaded() {
        String hostile = dense().toJson().replace("\"org.deeplearning4j.nn.conf.layers.DenseLayer\"",
                "\"io.anneal.training.internal.Canary\"");
        assertThat(hostile).contains("Canary");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(hostile)).isInstanceOfSatisfying(
                InvalidConfigurationException.class, e -> {
                    assertThat(e.field()).isEqualTo("model.configuration.confs[0].layer.@class");
                    assertThat(e.getMessage()).contains("'io.anneal.training.internal.Canary'");
                });
        assertThatThrownBy(() -> Dl4jConfigurations.readWithAllowList(hostile))
                .as("the validator alone refuses it too").isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Canary");
        String generic = dense().toJson().replace("\"org.deeplearning4j.nn.conf.layers.DenseLayer\"",
                "\"org.deeplearning4j.nn.conf.layers.DenseLayer<io.anneal.training.internal.Canary>\"");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(generic)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Canary");
        assertThatThrownBy(() -> Dl4jConfigurations.readWithAllowList(generic))
                .as("a type parameter of an allowed class is not loaded either").hasMessageContaining("Canary");
        assertThat(System.getProperty(Canary.LOADED)).as("the canary's static initialiser never ran").isNull();
    }

    @Test
    void theLegacyFormatsWhoseReadersNameClassesOfTheirOwnAreRefused() {
        String json = dense().toJson();
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ObjectNode layer = (ObjectNode) tree.get("confs").get(0).get("layer");
        layer.remove("weightInitFn");
        layer.put("weightInit", "DISTRIBUTION");
        layer.putObject("dist").put("type", "Canary");
        String legacyInit = JSON.writeValueAsString(tree);
        assertThatThrownBy(() -> Dl4jConfigurations.parse(legacyInit)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("legacy DL4J format");
        String dotless = json.replace("\"org.deeplearning4j.nn.conf.distribution.NormalDistribution\"", "\"Canary\"");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(dotless)).hasMessageContaining("names the type 'Canary'");
        ObjectNode untyped = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) untyped.get("confs").get(1).get("layer")).putObject("lossFn").putObject("FMeasure");
        String untypedLoss = JSON.writeValueAsString(untyped);
        assertThatThrownBy(() -> Dl4jConfigurations.parse(untypedLoss)).hasMessageContaining("has no type");
        assertThat(System.getProperty(Canary.LOADED)).isNull();
    }

    @Test
    void sizesThatWouldOverflowOrExhaustMemoryAreRefusedBeforeAnythingIsBuilt() {
        String json = dense().toJson();
        assertThatThrownBy(() -> Dl4jConfigurations.parse(json.replace("\"nout\" : 16", "\"nout\" : -16")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.field()).isEqualTo("model.configuration.confs[0].layer.nout"));
        assertThatThrownBy(() -> Dl4jConfigurations.parse(json.replace("\"nout\" : 16", "\"nout\" : 4294967296")))
                .hasMessageContaining("must be 0 to 1000000");
        String upsampling = new NeuralNetConfiguration.Builder().list()
                .layer(new Upsampling2D.Builder(2).build()).layer(new OutputLayer.Builder().nIn(4).nOut(2).build())
                .build().toJson().replaceAll("\"size\" : \\[ 2, 2 \\]", "\"size\" : [ 100000, 100000 ]");
        assertThat(upsampling).contains("100000");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(upsampling)).hasMessageContaining("1024");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(json.replace("\"inputPreProcessors\" : { }",
                "\"inputPreProcessors\" : null"))).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> Dl4jConfigurations.parse("{\"confs\": [null]}")).isInstanceOfSatisfying(
                InvalidConfigurationException.class, e -> assertThat(e.field()).isEqualTo("model.configuration.confs[0]"));
    }

    @Test
    void classNamesAreCheckedWhereverTheyStand() {
        String json = dense().toJson();
        for (String[] swap : new String[][] {
                {"org.nd4j.linalg.activations.impl.ActivationReLU", "java.lang.ProcessBuilder"},
                {"org.nd4j.linalg.learning.config.Sgd", "javax.naming.InitialContext"},
                {"org.deeplearning4j.nn.conf.distribution.NormalDistribution", "java.net.URL"}}) {
            assertThat(json).contains(swap[0]);
            assertThatThrownBy(() -> Dl4jConfigurations.parse(json.replace("\"" + swap[0] + "\"", "\"" + swap[1]
                    + "\""))).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining(swap[1]);
        }
    }

    @Test
    void aDuplicatedKeyCannotHideAClassBehindAnAllowedOne() {
        String json = dense().toJson().replaceFirst("\"@class\" : \"org.deeplearning4j.nn.conf.layers.DenseLayer\"",
                "\"@class\" : \"org.deeplearning4j.nn.conf.layers.DenseLayer\", \"@class\" : \"java.lang.Runtime\"");
        assertThat(json).contains("java.lang.Runtime");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(json)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Duplicate field '@class'");
    }

    @Test
    void aComputationGraphOrAnythingElseIsRefusedPlainly() {
        String graph = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addVertex("merge", new MergeVertex(), "in", "in").setOutputs("merge").build().toJson();
        assertThatThrownBy(() -> Dl4jConfigurations.parse(graph)).hasMessageContaining("ComputationGraphConfiguration");
        assertThatThrownBy(() -> Dl4jConfigurations.parse("[1, 2]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> Dl4jConfigurations.parse("{\"confs\": []}")).hasMessageContaining("must list");
        assertThatThrownBy(() -> Dl4jConfigurations.parse("{\"confs\": [{\"layer\": {\"nOut\": \"many\"}}]}"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("has no type ('@class')");
        String wrongType = dense().toJson().replace("\"nout\" : 16", "\"nout\" : \"many\"");
        assertThatThrownBy(() -> Dl4jConfigurations.parse(wrongType)).hasMessageContaining("DL4J can read")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("org.deeplearning4j").doesNotContain("java."));
    }

    private static MultiLayerConfiguration dense() {
        return new NeuralNetConfiguration.Builder().weightInit(new NormalDistribution(0, 0.1)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }
}
