package io.anneal.training.internal;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Random-walk initialisation (D. Sussillo and L. F. Abbott, "Random Walk Initialization for Training
 * Very Deep Feedforward Networks", arXiv:1412.6558, 2014), the first "Good Init" of Neelakantan et al.:
 * every layer's weights {@code W ~ g * N(0, 1/fanIn)}, with the gain {@code g} chosen so that the
 * back-propagated gradient's norm does a random walk without drift through the depth. The paper
 * derives {@code g = exp(1 / (2N))} for linear units and fits {@code g = sqrt(2) * exp(1.2 / (max(N, 6)
 * - 2.4))} for ReLU units ({@code N} the layer's fan-in). It gives no closed form for tanh or sigmoid;
 * Anneal uses the linear gain for them, as for the softmax output layer. The paper's MNIST networks are
 * ReLU, so its experiments use the ReLU gain.
 */
final class RandomWalkInit implements IWeightInit {

    private final boolean rectified;

    @JsonCreator
    RandomWalkInit(@JsonProperty("rectified") boolean rectified) {
        this.rectified = rectified;
    }

    /** The gain for a layer of fan-in {@code fanIn}: the ReLU formula, or the linear one otherwise. */
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
