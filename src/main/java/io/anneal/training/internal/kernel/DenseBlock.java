package io.anneal.training.internal.kernel;

import org.bytedeco.javacpp.FloatPointer;

/**
 * One dense layer's place in the network's flattened parameter and gradient arrays. DL4J stores the
 * weights column-major as nIn x nOut, which read row-major is the nOut x nIn transpose; the nOut
 * biases follow them.
 *
 * @param activation null for the softmax output layer
 */
record DenseBlock(int nIn, int nOut, HiddenActivation activation, FloatPointer weights, int biasOffset,
        FloatPointer weightGradient) {

    /** Where the layer's weights, and so its whole parameter block, start. */
    int paramOffset() {
        return biasOffset - nIn * nOut;
    }

    /** Weights and biases. */
    int paramCount() {
        return nIn * nOut + nOut;
    }
}
