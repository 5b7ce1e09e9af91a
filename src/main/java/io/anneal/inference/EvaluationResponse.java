package io.anneal.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.anneal.training.Evaluation;
import java.util.List;
import java.util.Locale;

/**
 * A model evaluated on a dataset split: accuracy, mean loss, and by what the model predicts: per-class
 * precision / recall / F1 and the confusion matrix ({@code confusion[actual][predicted]}) for classes,
 * also {@code stepAccuracy} when every step has a class, {@code meanAbsoluteError} for a value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationResponse(String dataset, String split, String target, int examples, double accuracy,
        double loss, Double stepAccuracy, Double meanAbsoluteError, List<ClassMetrics> classes, int[][] confusion) {

    static EvaluationResponse of(Evaluation evaluation) {
        return new EvaluationResponse(evaluation.dataset(), evaluation.split().name().toLowerCase(Locale.ROOT),
                evaluation.target(), evaluation.examples(), evaluation.accuracy(), evaluation.loss(),
                evaluation.stepAccuracy(), evaluation.meanAbsoluteError(), evaluation.classes() == null ? null
                        : evaluation.classes().stream().map(c -> new ClassMetrics(c.label(), c.precision(),
                                c.recall(), c.f1(), c.support())).toList(), evaluation.confusion());
    }

    /** One class's figures; {@code support} is how many examples truly belong to it. */
    public record ClassMetrics(int label, double precision, double recall, double f1, int support) {
    }
}
