package io.anneal.model;

import io.anneal.training.model.Prediction;
import java.util.List;

/** One prediction per instance or image, in request order. */
public record PredictionResponse(List<Prediction> predictions) {
}
