package io.anneal.training.internal;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Random-walk initialisation (Sussillo and Abbott, 2014), the paper's first "Good Init":
 * {@code W ~ g * N(0, 1/fanIn)}, with {@code g} chosen so the back-propagated gradient norm neither
 * grows nor shrinks with depth: {@code sqrt(2) * exp(1.2 / (max(N, 6) - 2.4))} for ReLU units,
 * {@code exp(1 / (2N))} for the others.
 */
final class RandomWalkInit implements IWeightInit {

    private final boolean rectified;

    @JsonCreator
    RandomWalkInit(@JsonProperty("rectified") boolean rectified) {
        this.rectified = rectified;
    }

    static double gain(double fanIn, boolean rectified) {
        return rectified ? Math.sqrt(2) * Math.exp(1.2 / (Math.max(fanIn, 6) - 2.4)) : Math.exp(1 / (2 * fanIn));
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        Nd4j.randn(paramView).muli(gain(fanIn, rectified) / Math.sqrt(fanIn));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RandomWalkInit that && rectified == that.rectified;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(rectified);
    }
}
