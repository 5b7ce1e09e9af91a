package io.anneal.training.internal;

import java.util.Arrays;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Turns rows of sequences flattened time-major, {@code [n, steps x features]}, into the
 * {@code [n, features, steps]} arrays DL4J's recurrent layers take, and their gradients back. With it
 * a recurrent network takes the same rows as every other network Anneal trains, so minibatches,
 * validation splits, evaluations and predictions need no separate path, and a saved model carries it.
 * Written to and read from a model's JSON by DL4J through its public properties.
 */
public final class SequenceRows implements InputPreProcessor {

    private static final long serialVersionUID = 1L;
    private long steps;
    private long features;

    /** For deserialisation. */
    public SequenceRows() {
    }

    public SequenceRows(long steps, long features) {
        if (steps < 1 || features < 1) {
            throw new IllegalArgumentException("a sequence needs at least 1 step of at least 1 feature, not "
                    + steps + " x " + features);
        }
        this.steps = steps;
        this.features = features;
    }

    public long getSteps() {
        return steps;
    }

    public void setSteps(long steps) {
        this.steps = steps;
    }

    public long getFeatures() {
        return features;
    }

    public void setFeatures(long features) {
        this.features = features;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 2 || input.size(1) != steps * features) {
            throw new IllegalArgumentException("expected rows of " + steps + " steps x " + features
                    + " features, got an array of shape " + Arrays.toString(input.shape()));
        }
        INDArray rows = input.ordering() == 'c' && Shape.hasDefaultStridesForShape(input) ? input
                : input.dup('c');
        INDArray sequences = rows.reshape('c', rows.size(0), steps, features).permute(0, 2, 1);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, sequences, 'f');
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray timeMajor = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 2, 1), 'c');
        return timeMajor.reshape('c', timeMajor.size(0), steps * features);
    }

    @Override
    public SequenceRows clone() {
        return new SequenceRows(steps, features);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (inputType != null && inputType.arrayElementsPerExample() != steps * features) {
            throw new IllegalStateException("expected " + steps * features + " inputs per example, the layer "
                    + "below gives " + inputType);
        }
        return InputType.recurrent(features, steps);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceRows that && steps == that.steps && features == that.features;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Long.hashCode(features);
    }

    @Override
    public String toString() {
        return "SequenceRows(steps=" + steps + ", features=" + features + ")";
    }
}
