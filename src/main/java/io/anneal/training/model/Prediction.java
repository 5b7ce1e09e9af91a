package io.anneal.training.model;

/** The most likely class of one instance and the probability of every class. */
public record Prediction(int label, double[] probabilities) {
}
