package io.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * A user's own DL4J configuration through the API: what DL4J's builders write trains with the job's
 * optimizer and noise, and a configuration that names a foreign class, does not fit the dataset, or
 * comes with the fields of the built-in networks is refused before anything is queued.
 */
@IntegrationTest
class Dl4jConfigurationApiTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aConfigurationFromDl4jsBuildersTrainsWithTheJobsOptimizerAndNoise() {
        String configuration = new NeuralNetConfiguration.Builder().updater(new Nesterovs(0.5, 0.9)).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(32).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
        MvcTestResult created = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s},
                 "optimizer": {"type": "adam", "learningRate": 0.01}, "gradientNoise": {"eta": 0.01},
                 "training": {"epochs": 3, "batchSize": 32}}""".formatted(configuration));
        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created).bodyJson().extractingPath("$.spec.model.configuration.confs[0].layer.nout").isEqualTo(32);
        assertThat(created).bodyJson().extractingPath("$.spec.model.hiddenUnits").as("no default of the built-in "
                + "networks").isNull();
        String id = JsonPath.read(body(created), "$.id");
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            String status = JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange()), "$.status");
            assertThat(status).isNotIn("FAILED", "CANCELLED");
            return status.equals("SUCCEEDED");
        });
        String job = body(mvc.get().uri("/api/v1/jobs/{id}", id).exchange());
        assertThat(JsonPath.<Number>read(job, "$.metrics.testAccuracy").doubleValue()).isGreaterThan(0.5);
        MvcTestResult sigma = mvc.get().uri("/api/v1/jobs/{id}/curves?metric=sigma", id).exchange();
        assertThat(JsonPath.<Number>read(body(sigma), "$.points[0].value").doubleValue())
                .as("the job's noise, sigma_0 = sqrt(eta)").isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-6));
        MvcTestResult evaluation = mvc.post().uri("/api/v1/jobs/{id}/evaluations", id)
                .contentType(MediaType.APPLICATION_JSON).content("{\"dataset\": \"mnist-tiny\"}").exchange();
        assertThat(evaluation).hasStatusOk();
        assertThat(evaluation).bodyJson().extractingPath("$.target").isEqualTo("class");
    }

    @Test
    void aRecurrentConfigurationTakesTheSequencesOfATask() {
        String configuration = new NeuralNetConfiguration.Builder().list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(2).nOut(8).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build().toJson();
        assertThat(submit("""
                {"dataset": "adding-10", "model": {"type": "dl4j", "configuration": %s},
                 "training": {"maxSteps": 1}}""".formatted(configuration))).hasStatus(HttpStatus.CREATED);
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s}}""".formatted(configuration),
                "model.configuration", "its output layer predicts a value per example; dataset 'mnist-tiny' labels "
                        + "a class per example");
        String timeMajor = new NeuralNetConfiguration.Builder().list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(2).nOut(8).dataFormat(RNNFormat.NWC).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(8).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build().toJson();
        expectRefused("""
                {"dataset": "adding-10", "model": {"type": "dl4j", "configuration": %s}}""".formatted(timeMajor),
                "model.configuration.confs[0].layer.rnnDataFormat", "use NCW");
    }

    @Test
    void aConfigurationMayBeginWithALayerThatHasNoParameters() {
        String pooledFirst = new NeuralNetConfiguration.Builder().list()
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build().toJson();
        MvcTestResult created = submit("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s},
                 "gradientNoise": {"eta": 0.01}, "training": {"maxSteps": 3}}""".formatted(pooledFirst));
        assertThat(created).hasStatus(HttpStatus.CREATED);
        String id = JsonPath.read(body(created), "$.id");
        await().atMost(Duration.ofSeconds(60)).until(() -> JsonPath.read(body(mvc.get().uri("/api/v1/jobs/{id}", id)
                .exchange()), "$.status").equals("SUCCEEDED"));
    }

    @Test
    void configurationsThatCannotTrainHereAreRefusedBeforeAnythingIsQueued() {
        String dense = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(16).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build().toJson();
        long before = jobs();
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s}}""".formatted(dense),
                "model.configuration", "gives outputs of shape [2, 3] for 2 examples of dataset 'mnist-tiny'; "
                        + "its labels need [2, 10]");
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s}}""".formatted(
                        dense.replace("org.deeplearning4j.nn.conf.layers.DenseLayer", "java.lang.ProcessBuilder")),
                "model.configuration.confs[0].layer.@class", "names the type 'java.lang.ProcessBuilder'");
        String upsampled = new NeuralNetConfiguration.Builder().list()
                .layer(new Upsampling2D.Builder(1000).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)).build().toJson();
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s}}""".formatted(upsampled),
                "model.configuration.confs[1].layer.nin", "must be 0 to 1000000");
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "configuration": %s}}""".formatted(
                        upsampled.replace("784000000", "10")), "model.configuration",
                "numbers per example");
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j"}}""", "model.configuration",
                "is required for model type 'dl4j'");
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "dl4j", "hiddenUnits": 10, "configuration": %s}}"""
                .formatted(dense), "model.hiddenUnits", "does not apply to model type 'dl4j'");
        expectRefused("""
                {"dataset": "mnist-tiny", "model": {"type": "mlp", "configuration": {}}}""", "model.configuration",
                "applies only to model type 'dl4j'");
        assertThat(jobs()).as("nothing was queued").isEqualTo(before);
    }

    private long jobs() {
        return JsonPath.<java.util.List<?>>read(body(mvc.get().uri("/api/v1/jobs?limit=200").exchange()), "$.jobs")
                .size();
    }

    private void expectRefused(String spec, String field, String reason) {
        MvcTestResult refused = submit(spec);
        assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(JsonPath.<java.util.List<String>>read(body(refused), "$.errors[?(@.field == '" + field
                + "')].message")).as(body(refused)).anySatisfy(message -> assertThat(message).contains(reason));
    }

    private MvcTestResult submit(String spec) {
        return mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(spec).exchange();
    }

    private static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
