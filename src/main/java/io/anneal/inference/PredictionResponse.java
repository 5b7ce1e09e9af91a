package io.anneal.inference;

import io.anneal.training.Prediction;
import java.util.List;

/** One prediction per instance or image, in request order. */
public record PredictionResponse(List<PredictedClass> predictions) {

    static PredictionResponse of(List<Prediction> predictions) {
        return new PredictionResponse(predictions.stream().map(p -> new PredictedClass(p.label(), p.probabilities())).toList());
    }

    /** The most likely class and the probability of every class. */
    public record PredictedClass(int label, double[] probabilities) {
    }
}
