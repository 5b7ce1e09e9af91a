package io.anneal.inference;

import io.anneal.training.Evaluation;
import java.util.List;
import java.util.Locale;

/**
 * A model evaluated on a dataset split: accuracy, mean loss, per-class precision / recall / F1 and the
 * confusion matrix ({@code confusion[actual][predicted]}).
 */
public record EvaluationResponse(String dataset, String split, int examples, double accuracy, double loss,
        List<ClassMetrics> classes, int[][] confusion) {

    static EvaluationResponse of(Evaluation evaluation) {
        return new EvaluationResponse(evaluation.dataset(), evaluation.split().name().toLowerCase(Locale.ROOT),
                evaluation.examples(), evaluation.accuracy(), evaluation.loss(),
                evaluation.classes().stream().map(c -> new ClassMetrics(c.label(), c.precision(), c.recall(), c.f1(),
                        c.support())).toList(), evaluation.confusion());
    }

    /** One class's figures; {@code support} is how many examples truly belong to it. */
    public record ClassMetrics(int label, double precision, double recall, double f1, int support) {
    }
}
