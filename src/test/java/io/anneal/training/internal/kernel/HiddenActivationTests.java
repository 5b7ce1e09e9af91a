package io.anneal.training.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/** The branch-free ReLU family at the values where sign tricks go wrong: zeros of both signs, underflow. */
class HiddenActivationTests {

    private static final float[] Z = {-0f, 0f, -1e-45f, 1e-45f, -2.5f, 3f, Float.MIN_NORMAL, -Float.MIN_NORMAL};

    @Test
    void reluForwardGivesPlusZeroForEveryNonPositiveInputAndTheInputOtherwise() {
        float[] values = Z.clone();
        HiddenActivation.of(new ActivationReLU()).orElseThrow().forward(values, new float[Z.length], 1, Z.length);
        assertThat(values).containsExactly(0f, 0f, 0f, 1e-45f, 0f, 3f, Float.MIN_NORMAL, 0f);
        for (float value : values) {
            assertThat(Float.floatToRawIntBits(value)).as("no -0 output").isNotEqualTo(Float.floatToRawIntBits(-0f));
        }
    }

    @Test
    void leakyReluForwardScalesNegativesAndNeverOutputsMinusZero() {
        float[] values = Z.clone();
        HiddenActivation.of(new ActivationLReLU(0.01)).orElseThrow().forward(values, new float[Z.length], 1, Z.length);
        assertThat(values).containsExactly(0f, 0f, 0f, 1e-45f, 0.01f * -2.5f, 3f, Float.MIN_NORMAL, 0.01f * -Float.MIN_NORMAL);
        for (float value : values) {
            assertThat(Float.floatToRawIntBits(value)).as("no -0 output").isNotEqualTo(Float.floatToRawIntBits(-0f));
        }
    }

    @Test
    void derivativesComeFromTheOutputsWithDl4jsValueAtZero() {
        float[] outputs = {0f, 1e-45f, 3f, -0.025f};
        float[] relu = {2f, 2f, 2f, 2f};
        float[] leaky = {2f, 2f, 2f, 2f};
        HiddenActivation.of(new ActivationReLU()).orElseThrow().backward(relu, new float[] {0f, 1e-45f, 3f, 0f}, 4);
        HiddenActivation.of(new ActivationLReLU(0.01)).orElseThrow().backward(leaky, outputs, 4);
        assertThat(relu).containsExactly(0f, 2f, 2f, 0f);
        assertThat(leaky).containsExactly(0.02f, 2f, 2f, 0.02f);
    }

    @Test
    void biasIsAddedBeforeTheActivation() {
        float[] values = {-1f, -1f, 1f, 1f};
        HiddenActivation.of(new ActivationReLU()).orElseThrow().forward(values, new float[] {2f, -2f}, 2, 2);
        assertThat(values).containsExactly(1f, 0f, 3f, 0f);
    }

    @Test
    void activationsWithoutAKernelFormAreNotClaimed() {
        assertThat(HiddenActivation.of(new ActivationELU())).isEmpty();
        assertThat(HiddenActivation.of(new ActivationReLU(6.0, 0.0, 0.0))).isEmpty();
        assertThat(HiddenActivation.of(new ActivationLReLU(-0.5))).isEmpty();
    }
}
