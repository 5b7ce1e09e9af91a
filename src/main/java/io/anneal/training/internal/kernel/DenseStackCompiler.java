package io.anneal.training.internal.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Decides whether a network is a stack the kernel computes exactly as DL4J does, and lays out its
 * blocks on the network's parameter and gradient arrays.
 */
public final class DenseStackCompiler {

    private DenseStackCompiler() {
    }

    /** Why the kernel cannot train this network, or empty when it can. */
    public static Optional<String> unsupportedReason(MultiLayerNetwork network) {
        return unsupportedReason(network, Nd4j.getEnvironment().isCPU());
    }

    /** As {@link #unsupportedReason(MultiLayerNetwork)}, with the backend given (CUDA keeps arrays on the device). */
    static Optional<String> unsupportedReason(MultiLayerNetwork network, boolean cpuBackend) {
        if (!cpuBackend) {
            return Optional.of("the ND4J backend is not the CPU backend");
        }
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        if (configuration.getDataType() != DataType.FLOAT) {
            return Optional.of("parameters are " + configuration.getDataType() + ", not FLOAT");
        }
        if (configuration.getBackpropType() != BackpropType.Standard) {
            return Optional.of("backprop type " + configuration.getBackpropType());
        }
        int count = network.getnLayers();
        if (count < 1) {
            return Optional.of("no layers");
        }
        for (int i = 0; i < count; i++) {
            if (configuration.getInputPreProcess(i) != null) {
                return Optional.of("layer " + i + " has an input preprocessor");
            }
            Optional<String> reason = i < count - 1 ? hiddenLayerReason(layer(network, i))
                    : outputLayerReason(layer(network, i));
            if (reason.isPresent()) {
                return Optional.of("layer " + i + ": " + reason.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Java heap the kernel keeps for minibatches of {@code rows}: every layer's outputs (for the
     * backward pass) and one delta block. The same amount again lives in native memory.
     */
    public static long heapBytes(MultiLayerNetwork network, int rows) {
        long floats = 0;
        long widest = 0;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer instanceof FeedForwardLayer dense) {
                floats += dense.getNOut();
                widest = Math.max(widest, Math.max(dense.getNIn(), dense.getNOut()));
            }
        }
        return (floats + widest) * rows * Float.BYTES;
    }

    /** The kernel for this network; fails with the reason when {@link #unsupportedReason} has one. */
    public static DenseStackKernel compile(MultiLayerNetwork network) {
        unsupportedReason(network).ifPresent(reason -> {
            throw new IllegalArgumentException("the dense-stack kernel cannot train this network: " + reason);
        });
        if (network.getFlattenedGradients() == null) {
            network.initGradientsView();
        }
        HostArray params = HostArray.of(network.params());
        HostArray gradient = HostArray.of(network.getFlattenedGradients());
        List<DenseBlock> blocks = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < network.getnLayers(); i++) {
            BaseLayer layer = layer(network, i);
            int nIn = Math.toIntExact(((FeedForwardLayer) layer).getNIn());
            int nOut = Math.toIntExact(((FeedForwardLayer) layer).getNOut());
            HiddenActivation activation = i < network.getnLayers() - 1
                    ? HiddenActivation.of(layer.getActivationFn()).orElseThrow() : null;
            long weights = (long) nIn * nOut;
            blocks.add(new DenseBlock(nIn, nOut, activation, params.at(offset), Math.toIntExact(offset + weights),
                    gradient.at(offset)));
            offset += weights + nOut;
        }
        if (offset != network.numParams()) {
            throw new IllegalStateException("laid out " + offset + " parameters, the network has " + network.numParams());
        }
        return new DenseStackKernel(blocks, params, gradient);
    }

    private static BaseLayer layer(MultiLayerNetwork network, int i) {
        Layer layer = network.getLayerWiseConfigurations().getConf(i).getLayer();
        return layer instanceof BaseLayer base ? base : null;
    }

    private static Optional<String> hiddenLayerReason(BaseLayer layer) {
        if (layer == null || layer.getClass() != DenseLayer.class) {
            return Optional.of("not a dense layer");
        }
        DenseLayer dense = (DenseLayer) layer;
        if (!dense.hasBias() || dense.hasLayerNorm()) {
            return Optional.of("dense layer without bias or with layer normalisation");
        }
        if (HiddenActivation.of(layer.getActivationFn()).isEmpty()) {
            return Optional.of("activation " + layer.getActivationFn() + " not supported");
        }
        return commonReason(layer);
    }

    private static Optional<String> outputLayerReason(BaseLayer layer) {
        if (layer == null || layer.getClass() != OutputLayer.class) {
            return Optional.of("not an output layer");
        }
        OutputLayer output = (OutputLayer) layer;
        if (!output.hasBias()) {
            return Optional.of("output layer without bias");
        }
        if (!(layer.getActivationFn() instanceof ActivationSoftmax)) {
            return Optional.of("output activation " + layer.getActivationFn() + " is not softmax");
        }
        if (!(output.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null
                || loss.getClass() != LossMCXENT.class) {
            return Optional.of("loss " + output.getLossFn() + " is not unweighted MCXENT");
        }
        return commonReason(layer);
    }

    private static Optional<String> commonReason(BaseLayer layer) {
        if (layer.getIDropout() != null) {
            return Optional.of("dropout");
        }
        if (layer.getWeightNoise() != null) {
            return Optional.of("weight noise");
        }
        if (layer.getConstraints() != null && !layer.getConstraints().isEmpty()) {
            return Optional.of("constraints");
        }
        if (!layer.getRegularization().isEmpty() || !layer.getRegularizationBias().isEmpty()) {
            return Optional.of("regularization");
        }
        return Optional.empty();
    }
}
