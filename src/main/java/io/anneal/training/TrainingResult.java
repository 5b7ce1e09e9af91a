package io.anneal.training;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.ModelRef;

/**
 * How a run ended: {@code stopped} when the observer asked to stop before the planned end.
 * {@code testAccuracy} and {@code trainLoss} are those of the last completed epoch (NaN if none);
 * {@code model} is the saved final network when the run completed; {@code best} the model kept for
 * scoring best on the validation split, if the run keeps one and any epoch ended.
 */
public record TrainingResult(boolean stopped, long steps, int epochs, double lastLoss, double trainLoss,
        double testAccuracy, ModelRef model, BestModel best) {

    public TrainingResult(boolean stopped, long steps, int epochs, double lastLoss, double trainLoss,
            double testAccuracy, ModelRef model) {
        this(stopped, steps, epochs, lastLoss, trainLoss, testAccuracy, model, null);
    }
}
