package io.anneal.training;

import java.util.List;

/**
 * A model evaluated on a dataset split: accuracy, mean loss, per-class precision / recall / F1 and the
 * confusion matrix ({@code confusion[actual][predicted]}).
 */
public record Evaluation(String dataset, TrainedNetworks.Split split, int examples, double accuracy, double loss,
        List<ClassFigures> classes, int[][] confusion) {

    /** One class's figures; {@code support} is how many examples truly belong to it. */
    public record ClassFigures(int label, double precision, double recall, double f1, int support) {
    }
}
