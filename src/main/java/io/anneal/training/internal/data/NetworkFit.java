package io.anneal.training.internal.data;

import io.anneal.spec.ConvBlock;
import io.anneal.spec.FieldProblem;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import io.anneal.spec.RecurrentCell;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a network fits the shape of a dataset's examples: a CNN needs images big enough for its blocks,
 * an RNN needs sequences, only an RNN can label every step, and convolutional and recurrent networks have
 * at most {@link #MAX_PARAMETERS} parameters.
 */
final class NetworkFit {

    /** Most parameters a convolutional network may have: 50 million, 200 MB of weights. */
    static final long MAX_PARAMETERS = 50_000_000;

    private NetworkFit() {
    }

    /**
     * Most numbers a recurrent network may keep for the backward pass of one minibatch: every layer keeps
     * about 8 (LSTM) or 2 (simple cells) per unit, step and row; 2^28 of them, 1 GiB of floats.
     */
    static final long MAX_RECURRENT_ACTIVATIONS = 1L << 28;

    static List<FieldProblem> problems(NetworkSpec model, Dataset data) {
        return problems(model, data, null);
    }

    /** @param loop the training loop, whose batch size bounds a recurrent network's memory; may be null */
    static List<FieldProblem> problems(NetworkSpec model, Dataset data, LoopSpec loop) {
        if (model == null || model.type() == NetworkType.DL4J) {
            return List.of(); // a configuration is checked by building it
        }
        if (model.type() == NetworkType.RNN) {
            return recurrentProblems(model, data, loop == null ? null : loop.batchSize());
        }
        if (data.target() == Target.CLASS_PER_STEP) {
            return List.of(new FieldProblem("model.type", "dataset '" + data.name() + "' labels every step of its "
                    + "sequences; only 'rnn' has an output at every step"));
        }
        if (model.type() != NetworkType.CNN || model.convolutions() == null
                || model.convolutions().stream().anyMatch(NetworkFit::outOfRange)) {
            return List.of();
        }
        if (!data.isImage()) {
            return List.of(new FieldProblem("model.type", "'cnn' needs images; dataset '" + data.name()
                    + "' holds rows of " + Arrays.stream(data.shape()).reduce(1, (a, b) -> a * b)
                    + " features (use 'mlp')"));
        }
        int height = data.shape()[0];
        int width = data.shape()[1];
        long channels = data.shape()[2];
        long parameters = 0;
        for (int i = 0; i < model.convolutions().size(); i++) {
            ConvBlock block = model.convolutions().get(i);
            parameters += block.filters() * (channels * block.kernel() * block.kernel() + 1);
            channels = block.filters();
            height = block.outputSide(height);
            width = block.outputSide(width);
            if (height < 1 || width < 1) {
                return List.of(new FieldProblem("model.convolutions[" + i + "]", "the " + data.shape()[0] + " x "
                        + data.shape()[1] + " images of '" + data.name() + "' shrink to nothing by this block"));
            }
        }
        long inputs = channels * height * width;
        for (int i = 0; i < model.hiddenLayers(); i++) {
            parameters += (inputs + 1) * model.hiddenUnits();
            inputs = model.hiddenUnits();
        }
        parameters += (inputs + 1) * data.outputs();
        if (parameters > MAX_PARAMETERS) {
            return List.of(new FieldProblem("model.convolutions", "this network would have " + parameters
                    + " parameters on '" + data.name() + "'; at most " + MAX_PARAMETERS + " (pool more, or use "
                    + "fewer filters or units)"));
        }
        return List.of();
    }

    private static List<FieldProblem> recurrentProblems(NetworkSpec model, Dataset data, Integer batchSize) {
        if (!data.isSequence()) {
            return List.of(new FieldProblem("model.type", "'rnn' needs sequences; dataset '" + data.name()
                    + "' holds " + (data.isImage() ? "images (use 'cnn' or 'mlp')" : "rows of " + data.features()
                    + " features (use 'mlp')")));
        }
        if (model.hiddenLayers() == null || model.hiddenUnits() == null || model.hiddenLayers() < 1
                || model.hiddenUnits() < 1) {
            return List.of();
        }
        long gates = model.cell() == RecurrentCell.SIMPLE_RNN ? 1 : 4;
        long units = model.hiddenUnits();
        long inputs = data.shape()[1];
        long parameters = 0;
        for (int i = 0; i < model.hiddenLayers(); i++) {
            parameters += gates * (inputs * units + units * units + units);
            inputs = units;
        }
        parameters += (units + 1) * data.outputs();
        if (parameters > MAX_PARAMETERS) {
            return List.of(new FieldProblem("model.hiddenUnits", "this network would have " + parameters
                    + " parameters; at most " + MAX_PARAMETERS));
        }
        long kept = batchSize == null || batchSize < 1 ? 0
                : (gates == 4 ? 8 : 2) * units * model.hiddenLayers() * data.steps() * (long) batchSize;
        if (kept > MAX_RECURRENT_ACTIVATIONS) {
            return List.of(new FieldProblem("training.batchSize", "minibatches of " + batchSize + " sequences of "
                    + data.steps() + " steps through " + model.hiddenLayers() + " x " + units + " cells would keep "
                    + kept + " numbers for the backward pass; at most " + MAX_RECURRENT_ACTIVATIONS
                    + " (use smaller minibatches, or fewer or narrower layers)"));
        }
        return List.of();
    }

    /** Values the spec's own rules refuse; those are reported by them, not measured here. */
    private static boolean outOfRange(ConvBlock block) {
        return block == null || block.filters() == null || block.kernel() == null || block.stride() == null
                || block.pool() == null || block.filters() < 1 || block.kernel() < 1 || block.stride() < 1
                || block.pool() < 1;
    }
}
