package io.anneal.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.training.Prediction;
import java.util.List;

/** One prediction per instance, image or sequence, in request order. */
public record PredictionResponse(List<Predicted> predictions) {

    static PredictionResponse of(List<Prediction> predictions) {
        return new PredictionResponse(predictions.stream().map(p -> new Predicted(p.label(), p.probabilities(),
                p.value(), p.labels(), p.stepProbabilities())).toList());
    }

    /**
     * The most likely class and the probability of every class; or the value, for a model of values; or
     * the most likely class of every step and their probabilities, for a model that labels every step.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Predicted(Integer label, double[] probabilities, Double value, int[] labels,
            double[][] stepProbabilities) {
    }
}
