package io.anneal.training;

/**
 * What a model answers for one instance, by what it was trained to predict: a class ({@code label} and
 * the {@code probabilities} of every class), a {@code value}, or a class at every step ({@code labels}
 * and {@code stepProbabilities}, one row per step). The fields of the other kinds are null.
 */
public record Prediction(Integer label, double[] probabilities, Double value, int[] labels,
        double[][] stepProbabilities) {

    public static Prediction ofClass(int label, double[] probabilities) {
        return new Prediction(label, probabilities, null, null, null);
    }

    public static Prediction ofValue(double value) {
        return new Prediction(null, null, value, null, null);
    }

    public static Prediction ofSteps(int[] labels, double[][] stepProbabilities) {
        return new Prediction(null, null, null, labels, stepProbabilities);
    }
}
