package io.anneal.training.internal.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a dataset asks a network to produce for one example, and when an answer counts as right. Labels
 * are always stored as one row per example: a one-hot class ({@link #CLASS}), one number
 * ({@link #VALUE}), or a one-hot class per time step, time-major ({@link #CLASS_PER_STEP}).
 */
public enum Target {

    /** One class per example, softmax and cross-entropy; right when the most probable class is the label. */
    CLASS("class"),
    /**
     * One real number per example, identity output and squared error; right when the absolute error is
     * below {@link #TOLERANCE}, the criterion of Hochreiter and Schmidhuber (1997) for the adding problem.
     */
    VALUE("value"),
    /**
     * One class per time step of a sequence, softmax at every step; an example is right when every
     * step is (a sum is right when all its bits are).
     */
    CLASS_PER_STEP("classPerStep");

    /** Largest absolute error of a {@link #VALUE} answer that counts as right. */
    public static final double TOLERANCE = 0.04;

    private final String wireName;

    Target(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** What is predicted, in words: "a class per example", "a value per example", "a class at every step". */
    public String description() {
        return switch (this) {
            case CLASS -> "a class per example";
            case VALUE -> "a value per example";
            case CLASS_PER_STEP -> "a class at every step";
        };
    }

    /**
     * Labels as the network's output layer takes them: per-step rows {@code [n, steps x classes]}
     * become {@code [n, classes, steps]}; other labels are used as they are.
     */
    public INDArray networkLabels(INDArray rows, int steps) {
        if (this != CLASS_PER_STEP) {
            return rows;
        }
        long n = rows.size(0);
        long classes = rows.size(1) / steps;
        return rows.reshape('c', n, steps, classes).permute(0, 2, 1).dup('c');
    }

    /**
     * Which examples the network's {@code output} gets right against label rows (as stored).
     *
     * @param output the network's output: {@code [n, classes]}, {@code [n, 1]} or {@code [n, classes, steps]}
     */
    public boolean[] correct(INDArray output, INDArray labels, int steps) {
        int n = (int) labels.size(0);
        boolean[] right = new boolean[n];
        switch (this) {
            case CLASS -> {
                int[] predicted = output.argMax(1).toIntVector();
                int[] actual = labels.argMax(1).toIntVector();
                for (int i = 0; i < n; i++) {
                    right[i] = predicted[i] == actual[i];
                }
            }
            case VALUE -> {
                double[] predicted = output.reshape(n).toDoubleVector();
                double[] actual = labels.reshape(n).toDoubleVector();
                for (int i = 0; i < n; i++) {
                    right[i] = Math.abs(predicted[i] - actual[i]) < TOLERANCE;
                }
            }
            case CLASS_PER_STEP -> {
                int[][] predicted = output.argMax(1).toIntMatrix();
                long classes = labels.size(1) / steps;
                int[][] actual = labels.reshape('c', n, steps, classes).argMax(2).toIntMatrix();
                for (int i = 0; i < n; i++) {
                    right[i] = Arrays.equals(predicted[i], actual[i]);
                }
            }
        }
        return right;
    }
}
