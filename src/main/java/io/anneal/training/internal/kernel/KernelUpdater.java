package io.anneal.training.internal.kernel;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's updater for the network, on the network's own updater state (so momentum and Adam moments
 * are shared with {@code network.getUpdater()}, which checkpoints save), with per-layer L2 and
 * element-wise gradient clipping done in one pass over each layer's gradient instead of a native
 * norm op per layer. Every other normalisation, the division by the minibatch and the update rules
 * are DL4J's own.
 */
final class KernelUpdater extends MultiLayerUpdater {

    private final Map<Trainable, DenseBlock> blocksByLayer = new IdentityHashMap<>();
    private final FloatBuffer gradient;
    private final float[] scratch;

    KernelUpdater(MultiLayerNetwork network, INDArray sharedState, List<DenseBlock> blocks, HostArray gradient) {
        super(network, sharedState);
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            blocksByLayer.put(layers[i], blocks.get(i));
        }
        this.gradient = gradient.floats();
        this.scratch = new float[blocks.stream().mapToInt(DenseBlock::paramCount).max().orElse(0)];
    }

    @Override
    public void preApply(Trainable layer, Gradient layerGradient, int iteration) {
        DenseBlock block = blocksByLayer.get(layer);
        GradientNormalization normalization = layer.getConfig() == null ? null
                : layer.getConfig().getGradientNormalization();
        if (block == null || (normalization != GradientNormalization.ClipL2PerLayer
                && normalization != GradientNormalization.ClipElementWiseAbsoluteValue)) {
            super.preApply(layer, layerGradient, iteration);
            return;
        }
        float threshold = (float) layer.getConfig().getGradientNormalizationThreshold();
        int count = block.paramCount();
        gradient.get(block.paramOffset(), scratch, 0, count);
        if (normalization == GradientNormalization.ClipL2PerLayer) {
            double sumOfSquares = 0;
            for (int i = 0; i < count; i++) {
                sumOfSquares += scratch[i] * scratch[i];
            }
            double norm = Math.sqrt(sumOfSquares);
            if (!(norm > threshold)) {
                return;
            }
            float scale = (float) (threshold / norm);
            for (int i = 0; i < count; i++) {
                scratch[i] *= scale;
            }
        } else {
            for (int i = 0; i < count; i++) {
                scratch[i] = Math.max(-threshold, Math.min(threshold, scratch[i]));
            }
        }
        gradient.put(block.paramOffset(), scratch, 0, count);
    }
}
