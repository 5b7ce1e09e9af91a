package io.anneal.training;

/**
 * End of an epoch (counted from 1): mean minibatch loss over it, accuracy on the test split, and
 * accuracy and mean loss on the validation split (NaN when the run has none).
 */
public record EpochSummary(int epoch, long step, double trainLoss, double testAccuracy, double validationAccuracy,
        double validationLoss) {

    public EpochSummary(int epoch, long step, double trainLoss, double testAccuracy) {
        this(epoch, step, trainLoss, testAccuracy, Double.NaN, Double.NaN);
    }
}
