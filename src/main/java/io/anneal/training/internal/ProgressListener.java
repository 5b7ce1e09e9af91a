package io.anneal.training.internal;

import io.anneal.training.SampledUpdate;
import io.anneal.training.TrainingFailedException;
import io.anneal.training.TrainingObserver;
import io.anneal.training.internal.noise.GradientNoise;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Checks every update's loss for divergence and hands every {@code sampleEvery}-th update (and the
 * first) to the observer with the sigma and learning rate that update used.
 */
final class ProgressListener extends BaseTrainingListener {

    private final TrainingObserver observer;
    private final int sampleEvery;
    private final IUpdater updater;
    private double epochLossSum;
    private long epochUpdates;
    private double lastLoss = Double.NaN;
    private int unsampledIteration = -1;
    private int unsampledDl4jEpoch;
    private int epoch;

    ProgressListener(TrainingObserver observer, int sampleEvery, MultiLayerNetwork network) {
        this.observer = observer;
        this.sampleEvery = sampleEvery;
        this.updater = weightUpdater(network);
    }

    /**
     * The updater of the first layer that has parameters (a user's configuration may begin with pooling,
     * padding or an activation layer), whose learning rate and noise the samples report.
     */
    private static IUpdater weightUpdater(MultiLayerNetwork network) {
        for (int i = 0; i < network.getnLayers(); i++) {
            if (network.getLayer(i).numParams() == 0) {
                continue;
            }
            for (Layer part : Dl4jConfigurations.parts(network.getLayer(i).conf().getLayer())) {
                if (part instanceof BaseLayer trained && trained.getIUpdater() != null) {
                    return trained.getIUpdater();
                }
            }
        }
        throw new IllegalArgumentException("the network has no layer with parameters to train");
    }

    /** Starts (or, after a resume, continues) an epoch with its running loss so far. */
    void startEpoch(int epoch, double lossSum, long updates) {
        this.epoch = epoch;
        epochLossSum = lossSum;
        epochUpdates = updates;
    }

    double epochLossSum() {
        return epochLossSum;
    }

    long epochUpdates() {
        return epochUpdates;
    }

    double epochMeanLoss() {
        return epochUpdates == 0 ? Double.NaN : epochLossSum / epochUpdates;
    }

    double lastLoss() {
        return lastLoss;
    }

    @Override
    public void iterationDone(Model model, int iteration, int dl4jEpoch) {
        double loss = model.score();
        long step = iteration + 1L;
        if (!Double.isFinite(loss)) {
            throw TrainingFailedException.diverged(step, loss);
        }
        lastLoss = loss;
        epochLossSum += loss;
        epochUpdates++;
        if (step == 1 || step % sampleEvery == 0) {
            observer.stepSampled(progress(iteration, dl4jEpoch, loss));
            unsampledIteration = -1;
        } else {
            unsampledIteration = iteration;
            unsampledDl4jEpoch = dl4jEpoch;
        }
    }

    /** Sigma and learning rate are looked up only for updates that are reported. */
    private SampledUpdate progress(int iteration, int dl4jEpoch, double loss) {
        double sigma = GradientNoise.of(updater).map(noise -> noise.appliedStandardDeviationAt(iteration)).orElse(0.0);
        return new SampledUpdate(iteration + 1L, epoch, loss, sigma, updater.getLearningRate(iteration, dl4jEpoch));
    }

    /** Reports the final update when it fell between two samples, so every curve ends at the last step. */
    void sampleLastStep() {
        if (unsampledIteration >= 0) {
            observer.stepSampled(progress(unsampledIteration, unsampledDl4jEpoch, lastLoss));
            unsampledIteration = -1;
        }
    }
}
