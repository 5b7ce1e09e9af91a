package io.anneal.training.internal.data;

import io.anneal.spec.ConvBlock;
import io.anneal.spec.FieldProblem;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import java.util.Arrays;
import java.util.List;

/** Whether a network fits the shape of a dataset's examples: a CNN needs images big enough for its blocks. */
final class NetworkFit {

    private NetworkFit() {
    }

    static List<FieldProblem> problems(NetworkSpec model, Dataset data) {
        if (model == null || model.type() != NetworkType.CNN || model.convolutions() == null
                || model.convolutions().stream().anyMatch(block -> block == null || block.kernel() == null)) {
            return List.of();
        }
        if (!data.isImage()) {
            return List.of(new FieldProblem("model.type", "'cnn' needs images; dataset '" + data.name()
                    + "' holds rows of " + Arrays.stream(data.shape()).reduce(1, (a, b) -> a * b)
                    + " features (use 'mlp')"));
        }
        int height = data.shape()[0];
        int width = data.shape()[1];
        for (int i = 0; i < model.convolutions().size(); i++) {
            ConvBlock block = model.convolutions().get(i);
            height = block.outputSide(height);
            width = block.outputSide(width);
            if (height < 1 || width < 1) {
                return List.of(new FieldProblem("model.convolutions[" + i + "]", "the " + data.shape()[0] + " x "
                        + data.shape()[1] + " images of '" + data.name() + "' shrink to nothing by this block"));
            }
        }
        return List.of();
    }
}
