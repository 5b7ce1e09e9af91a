package io.anneal.experiment;

import java.util.Arrays;
import java.util.List;

/**
 * Best, mean, sample standard deviation and median of a metric over {@code n} runs of a cell; no
 * standard deviation without two values.
 */
public record Statistics(int n, Double best, Double mean, Double std, Double median) {

    static final Statistics EMPTY = new Statistics(0, null, null, null, null);

    static Statistics of(List<Double> values, boolean higherIsBetter) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double mean = Arrays.stream(sorted).average().orElseThrow();
        double squares = Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).sum();
        Double std = sorted.length > 1 ? Math.sqrt(squares / (sorted.length - 1)) : null;
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        double best = higherIsBetter ? sorted[sorted.length - 1] : sorted[0];
        return new Statistics(sorted.length, best, mean, std, median);
    }
}
