package io.anneal.training;

/** End of an epoch (counted from 1): mean minibatch loss over it and accuracy on the test split. */
public record EpochSummary(int epoch, long step, double trainLoss, double testAccuracy) {
}
