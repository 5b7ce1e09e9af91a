package io.anneal.training;

import java.util.List;

/**
 * A model evaluated on a dataset split: {@code accuracy} (the share of examples it gets right: the
 * right class; a value within 0.04; every step's class right), mean loss, and by target: per-class
 * precision / recall / F1 and the confusion matrix ({@code confusion[actual][predicted]}) for classes
 * (counted over steps when each step has one, with {@code stepAccuracy}); {@code meanAbsoluteError}
 * for values. Fields that do not apply are null.
 */
public record Evaluation(String dataset, TrainedNetworks.Split split, String target, int examples, double accuracy,
        double loss, Double stepAccuracy, Double meanAbsoluteError, List<ClassFigures> classes, int[][] confusion) {

    /** One class's figures; {@code support} is how many examples truly belong to it. */
    public record ClassFigures(int label, double precision, double recall, double f1, int support) {
    }
}
