package io.anneal.training;

/** The most likely class of one instance and the probability of every class. */
public record Prediction(int label, double[] probabilities) {
}
