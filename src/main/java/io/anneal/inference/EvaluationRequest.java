package io.anneal.inference;

/** Which dataset split to evaluate a model on; {@code split} is {@code test} (default) or {@code train}. */
public record EvaluationRequest(String dataset, String split) {
}
