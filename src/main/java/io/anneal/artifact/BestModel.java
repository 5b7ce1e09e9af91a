package io.anneal.artifact;

import io.anneal.spec.KeepBest;

/**
 * The model a run kept because it scored best on the validation split ({@code selectedBy}), as it was
 * at the end of {@code epoch} ({@code step} updates): its validation figures, and its accuracy on the
 * test split, measured then and never used to choose.
 */
public record BestModel(ModelRef model, KeepBest selectedBy, long step, int epoch, double validationAccuracy,
        double validationLoss, double testAccuracy) {

    /** The figure the model was chosen by. */
    public double score() {
        return selectedBy == KeepBest.VALIDATION_LOSS ? validationLoss : validationAccuracy;
    }
}
