package io.anneal.training.internal;

/**
 * Where a run stands between two updates: {@code step} updates done, inside {@code epoch} (from 1)
 * after {@code batchesDone} of its minibatches, with the epoch's running loss and the last finished
 * epoch's metrics. Minibatch order is a pure function of (seed, epoch), so this is enough to resume.
 */
public record TrainingPosition(long step, int epoch, int batchesDone, double epochLossSum, long epochUpdates,
        double trainLoss, double testAccuracy) {

    public static final TrainingPosition START = new TrainingPosition(0, 1, 0, 0, 0, Double.NaN, Double.NaN);
}
