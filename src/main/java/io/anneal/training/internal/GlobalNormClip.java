package io.anneal.training.internal;

import io.anneal.spec.ClippingSpec;
import io.anneal.spec.ClippingType;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Clipping by the L2 norm of the whole gradient: when the minibatch-mean gradient of all layers together
 * is longer than the threshold, every element is scaled by {@code threshold / norm}. DL4J only clips per
 * layer, so both engines apply this to the summed gradient just before DL4J's updater, which divides by
 * the minibatch and adds the noise: clipping comes before the noise, as in the paper. The fit engine
 * calls it as a listener on the computed gradient; the kernel calls it itself.
 */
final class GlobalNormClip extends BaseTrainingListener {

    private final double threshold;

    private GlobalNormClip(double threshold) {
        this.threshold = threshold;
    }

    static Optional<GlobalNormClip> of(ClippingSpec clipping) {
        return clipping != null && clipping.type() == ClippingType.L2_GLOBAL
                ? Optional.of(new GlobalNormClip(clipping.threshold())) : Optional.empty();
    }

    /** Scales {@code summedGradient} (the sum over {@code examples} rows) so its mean's norm is at most the threshold. */
    void apply(INDArray summedGradient, long examples) {
        double norm = summedGradient.norm2Number().doubleValue() / examples;
        if (norm > threshold) {
            summedGradient.muli(threshold / norm);
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        apply(((MultiLayerNetwork) model).getFlattenedGradients(), model.batchSize());
    }
}
