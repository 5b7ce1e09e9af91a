package io.anneal.training.kernel;

import java.nio.FloatBuffer;
import java.util.Optional;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * A hidden layer's activation applied in place, and its derivative computed from the pre-activations
 * kept for the backward pass (derivatives at exactly 0 follow DL4J: ReLU 0, leaky ReLU alpha).
 */
interface HiddenActivation {

    /** {@code out[i] = f(z[i])} for the first n elements; z is left untouched. */
    void forward(FloatBuffer z, FloatBuffer out, int n);

    /** {@code delta[i] *= f'(z[i])} for the first n elements. */
    void backward(FloatBuffer delta, FloatBuffer z, FloatBuffer out, int n);

    static Optional<HiddenActivation> of(IActivation activation) {
        if (activation.equals(new ActivationReLU())) {
            return Optional.of(new LeakyRelu(0f));
        }
        if (activation instanceof ActivationLReLU leaky) {
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

    /** max(0, z) + alpha * min(0, z); alpha 0 is plain ReLU. */
    record LeakyRelu(float alpha) implements HiddenActivation {
        @Override
        public void forward(FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                float value = z.get(i);
                out.put(i, value > 0f ? value : alpha * value);
            }
        }

        @Override
        public void backward(FloatBuffer delta, FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                if (!(z.get(i) > 0f)) {
                    delta.put(i, alpha * delta.get(i));
                }
            }
        }
    }

    record Tanh() implements HiddenActivation {
        @Override
        public void forward(FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                out.put(i, (float) Math.tanh(z.get(i)));
            }
        }

        @Override
        public void backward(FloatBuffer delta, FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                float a = out.get(i);
                delta.put(i, delta.get(i) * (1f - a * a));
            }
        }
    }

    record Sigmoid() implements HiddenActivation {
        @Override
        public void forward(FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                out.put(i, (float) (1.0 / (1.0 + Math.exp(-z.get(i)))));
            }
        }

        @Override
        public void backward(FloatBuffer delta, FloatBuffer z, FloatBuffer out, int n) {
            for (int i = 0; i < n; i++) {
                float a = out.get(i);
                delta.put(i, delta.get(i) * a * (1f - a));
            }
        }
    }
}
