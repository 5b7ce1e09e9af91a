package io.anneal.training.internal;

import io.anneal.artifact.BestModel;

/**
 * Where a run stands between two updates: {@code step} updates done, inside {@code epoch} (from 1)
 * after {@code batchesDone} of its minibatches, with the epoch's running loss, the last finished
 * epoch's metrics and the best model kept so far (null if none). Minibatch order is a pure function
 * of (seed, epoch), so this is enough to resume.
 */
public record TrainingPosition(long step, int epoch, int batchesDone, double epochLossSum, long epochUpdates,
        double trainLoss, double testAccuracy, BestModel best) {

    public static final TrainingPosition START = new TrainingPosition(0, 1, 0, 0, 0, Double.NaN, Double.NaN, null);

    public TrainingPosition(long step, int epoch, int batchesDone, double epochLossSum, long epochUpdates,
            double trainLoss, double testAccuracy) {
        this(step, epoch, batchesDone, epochLossSum, epochUpdates, trainLoss, testAccuracy, null);
    }
}
