package io.anneal.training.internal.kernel;

import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * A hidden layer's activation on heap arrays, in place: forward adds the bias and applies f; backward
 * multiplies by f' computed from the layer's output alone (for ReLU and leaky ReLU a > 0 exactly when
 * z > 0; at z = 0 the derivative is DL4J's: 0 for ReLU, alpha for leaky ReLU).
 */
interface HiddenActivation {

    /** {@code values[r][c] = f(values[r][c] + bias[c])} on a rows x width row-major block. */
    void forward(float[] values, float[] bias, int rows, int width);

    /** {@code delta[i] *= f'(z[i])} for the first n elements, from the outputs {@code a = f(z)}. */
    void backward(float[] delta, float[] outputs, int n);

    static Optional<HiddenActivation> of(IActivation activation) {
        if (activation.equals(new ActivationReLU())) {
            return Optional.of(new LeakyRelu(0f));
        }
        if (activation instanceof ActivationLReLU leaky && leaky.getAlpha() >= 0) {
            return Optional.of(new LeakyRelu((float) leaky.getAlpha()));
        }
        if (activation instanceof ActivationTanH) {
            return Optional.of(new Tanh());
        }
        if (activation instanceof ActivationSigmoid) {
            return Optional.of(new Sigmoid());
        }
        return Optional.empty();
    }

    /** max(0, z) + alpha * min(0, z) with alpha >= 0; alpha 0 is plain ReLU. */
    record LeakyRelu(float alpha) implements HiddenActivation {
        /** Branch-free as {@link #backward}; adding +0 turns the -0 of a non-positive z into +0. */
        @Override
        public void forward(float[] values, float[] bias, int rows, int width) {
            float slope = 1f - alpha;
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                for (int c = 0; c < width; c++) {
                    float z = values[row + c] + bias[c];
                    float nonNegative = (~Float.floatToRawIntBits(z)) >>> 31;
                    values[row + c] = z * (alpha + slope * nonNegative) + 0f;
                }
            }
        }

        /**
         * Branch-free: about half of the units are active in no predictable pattern, so a branch per
         * element mispredicts half the time. Outputs are never -0 (see {@link #forward}), so the sign
         * of {@code -bits} is 1 exactly when the output is positive.
         */
        @Override
        public void backward(float[] delta, float[] outputs, int n) {
            float slope = 1f - alpha;
            for (int i = 0; i < n; i++) {
                float active = (-Float.floatToRawIntBits(outputs[i])) >>> 31;
                delta[i] *= alpha + slope * active;
            }
        }
    }

    record Tanh() implements HiddenActivation {
        @Override
        public void forward(float[] values, float[] bias, int rows, int width) {
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                for (int c = 0; c < width; c++) {
                    values[row + c] = (float) Math.tanh(values[row + c] + bias[c]);
                }
            }
        }

        @Override
        public void backward(float[] delta, float[] outputs, int n) {
            for (int i = 0; i < n; i++) {
                delta[i] *= 1f - outputs[i] * outputs[i];
            }
        }
    }

    record Sigmoid() implements HiddenActivation {
        @Override
        public void forward(float[] values, float[] bias, int rows, int width) {
            for (int r = 0; r < rows; r++) {
                int row = r * width;
                for (int c = 0; c < width; c++) {
                    values[row + c] = (float) (1.0 / (1.0 + Math.exp(-(values[row + c] + bias[c]))));
                }
            }
        }

        @Override
        public void backward(float[] delta, float[] outputs, int n) {
            for (int i = 0; i < n; i++) {
                delta[i] *= outputs[i] * (1f - outputs[i]);
            }
        }
    }
}
