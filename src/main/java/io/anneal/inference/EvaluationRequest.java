package io.anneal.inference;

import io.anneal.spec.DatasetRef;

/**
 * The dataset (its name, or {@code {"name": ...}}) and split to evaluate a model on; {@code split} is
 * {@code test} (default) or {@code train}.
 */
public record EvaluationRequest(DatasetRef dataset, String split) {
}
