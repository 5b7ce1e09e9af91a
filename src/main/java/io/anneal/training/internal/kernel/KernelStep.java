package io.anneal.training.internal.kernel;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch update with the kernel's gradient, in the order {@code MultiLayerNetwork.fit} runs
 * it: score; DL4J's updater on the network's own updater state (division by the minibatch, clipping,
 * gradient noise, the base rule; per-layer L2 and element-wise clipping done by
 * {@link KernelUpdater}); {@code params -= update}; the listeners' {@code iterationDone}; iteration
 * count. Listener hooks that expect DL4J's per-layer activations or gradients ({@code onForwardPass},
 * {@code onBackwardPass}, {@code onGradientCalculation}) are not called: the kernel has no per-layer
 * DL4J arrays to give them. Updater state, checkpoints and models stay DL4J's, so kernel steps and
 * {@code fit} steps can follow each other.
 */
public final class KernelStep implements AutoCloseable {

    private final MultiLayerNetwork network;
    private final DenseStackKernel kernel;
    private final Gradient gradient;
    private final INDArray gradientVector;
    private final INDArray paramsVector;
    private final Updater updater;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
    private java.util.function.ObjLongConsumer<INDArray> beforeUpdate = (gradient, examples) -> {
    };

    private KernelStep(MultiLayerNetwork network, DenseStackKernel kernel, Gradient gradient) {
        this.network = network;
        this.kernel = kernel;
        this.gradient = gradient;
        this.updater = sharingUpdater(network, kernel);
        INDArray flattened = gradient.gradient();
        this.gradientVector = flattened.reshape(flattened.length());
        INDArray params = network.params();
        this.paramsVector = params.reshape(params.length());
    }

    /**
     * Work on the summed gradient of each step before the updater sees it (e.g. clipping by the global
     * norm); given the gradient and the number of examples it sums.
     */
    public void beforeUpdate(java.util.function.ObjLongConsumer<INDArray> hook) {
        beforeUpdate = hook;
    }

    /** The updater this step applies (the network's updater state, the step's own gradient view). */
    public Updater updater() {
        return updater;
    }

    /** As {@link #of(MultiLayerNetwork)}, with buffers sized for minibatches of {@code batchSize} from the start. */
    public static KernelStep of(MultiLayerNetwork network, int batchSize) {
        KernelStep step = of(network);
        step.kernel.reserveRows(batchSize);
        return step;
    }

    /** Compiles the kernel for this network; see {@link DenseStackCompiler#unsupportedReason}. */
    public static KernelStep of(MultiLayerNetwork network) {
        DenseStackKernel kernel = DenseStackCompiler.compile(network);
        Gradient gradient = new NetworkGradient(network.getFlattenedGradients());
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayer(i);
            Map<String, INDArray> views = DefaultParamInitializer.getInstance()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            String prefix = i + "_";
            gradient.setGradientFor(prefix + DefaultParamInitializer.WEIGHT_KEY, views.get(DefaultParamInitializer.WEIGHT_KEY));
            gradient.setGradientFor(prefix + DefaultParamInitializer.BIAS_KEY, views.get(DefaultParamInitializer.BIAS_KEY));
        }
        return new KernelStep(network, kernel, gradient);
    }

    /**
     * A {@link KernelUpdater} on the network's own updater state, which that updater initialised (or a
     * restored checkpoint filled) when it was created.
     */
    private static Updater sharingUpdater(MultiLayerNetwork network, DenseStackKernel kernel) {
        INDArray state = network.getUpdater().getStateViewArray();
        return new KernelUpdater(network, state, kernel.blocks(), kernel.gradientArray());
    }

    /** Trains on one minibatch, as {@code network.fit(features, labels)} would. */
    public void fit(INDArray features, INDArray labels) {
        if (network.params().data().address() != kernel.paramsAddress()) {
            throw new IllegalStateException("the network's parameter array was replaced after the kernel was compiled");
        }
        double score = kernel.gradientAndScore(features, labels);
        beforeUpdate.accept(gradientVector, features.size(0));
        network.setScore(score);
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        for (Layer layer : network.getLayers()) {
            layer.setIterationCount(iteration);
            layer.setEpochCount(epoch);
        }
        updater.update(network, gradient, iteration, epoch, Math.toIntExact(features.size(0)), workspaces);
        paramsVector.subi(gradientVector);
        for (TrainingListener listener : network.getListeners()) {
            listener.iterationDone(network, iteration, epoch);
        }
        network.setIterationCount(iteration + 1);
    }

    /**
     * The network's own gradient array as the whole gradient. DL4J's {@code DefaultGradient} hands out a
     * reshaped copy of the view, which its updater takes for a foreign gradient and then slices anew for
     * every variable on every step; the array itself lets the updater use the views it prepared once.
     */
    private static final class NetworkGradient extends DefaultGradient {
        private final INDArray flattened;

        NetworkGradient(INDArray flattened) {
            super(flattened);
            this.flattened = flattened;
        }

        @Override
        public INDArray gradient() {
            return flattened;
        }
    }

    /** The most probable class of each row under the current parameters. */
    public int[] predictedClasses(INDArray features) {
        return kernel.predictedClasses(features);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
