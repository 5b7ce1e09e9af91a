package io.anneal.training.internal;

import io.anneal.spec.ActivationKind;
import io.anneal.spec.ClippingSpec;
import io.anneal.spec.ConvBlock;
import io.anneal.spec.InitSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NetworkType;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.RecurrentCell;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.RunSpec;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.Target;
import io.anneal.training.internal.noise.GradientNoise;
import io.anneal.training.internal.noise.NoiseCorrelation;
import io.anneal.training.internal.noise.NoiseSchedule;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.lossfunctions.impl.LossMAE;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/** Builds the DL4J network a spec describes; the spec must already carry its defaults. */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    public static MultiLayerNetwork build(RunSpec spec, int features, int classes) {
        return build(spec, new int[] {features}, classes);
    }

    /** @param shape one example's shape: {@code [features]}, or {@code [height, width, channels]} for images */
    public static MultiLayerNetwork build(RunSpec spec, int[] shape, int classes) {
        return build(spec, shape, classes, Target.CLASS);
    }

    /** A network for a dataset's examples and target. */
    public static MultiLayerNetwork build(RunSpec spec, Dataset data) {
        return build(spec, data.shape(), data.outputs(), data.target());
    }

    /**
     * @param shape one example's shape: {@code [features]}, {@code [height, width, channels]} for images,
     *     {@code [steps, features]} for sequences
     * @param outputs output units: classes, 1 for a value, classes of one step when every step is labelled
     */
    public static MultiLayerNetwork build(RunSpec spec, int[] shape, int outputs, Target target) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec, shape, outputs, target));
        network.init();
        return network;
    }

    static MultiLayerConfiguration configuration(RunSpec spec, int features, int classes) {
        return configuration(spec, new int[] {features}, classes, Target.CLASS);
    }

    static MultiLayerConfiguration configuration(RunSpec spec, int[] shape, int outputs, Target target) {
        NetworkSpec model = spec.model();
        if (model.type() == NetworkType.DL4J) {
            return users(spec, shape);
        }
        IUpdater updater = updater(spec.optimizer(), spec.gradientNoise());
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(spec.training().seed())
                .dataType(DataType.FLOAT)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .updater(updater)
                .biasUpdater(updater instanceof GradientNoise noise ? noise.biasUpdater() : updater)
                .weightInit(weightInit(model.init(), model.activation()))
                .biasInit(0);
        clipping(builder, spec.optimizer().gradientClipping());
        NeuralNetConfiguration.ListBuilder layers = builder.list();
        if (model.type() == NetworkType.CNN) {
            return convolutional(layers, model, shape, outputs, target);
        }
        if (model.type() == NetworkType.RNN) {
            return recurrent(layers, model, shape, outputs, target);
        }
        if (target == Target.CLASS_PER_STEP) {
            throw new IllegalArgumentException("a label at every step needs a recurrent network");
        }
        int width = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        for (int i = 0; i < model.hiddenLayers(); i++) {
            layers.layer(new DenseLayer.Builder().nIn(width).nOut(model.hiddenUnits())
                    .activation(activation(model.activation())).build());
            width = model.hiddenUnits();
        }
        layers.layer(output(target).nIn(width).nOut(outputs).build());
        return layers.build();
    }

    /** The output layer for a target: softmax and cross-entropy for classes, linear and squared error for a value. */
    private static OutputLayer.Builder output(Target target) {
        return target == Target.VALUE
                ? new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX);
    }

    /**
     * Recurrent layers over rows of sequences (unflattened by {@link SequenceRows}); the last one keeps
     * only its final step when an example has one answer, and a softmax reads every step when each has
     * its own.
     */
    private static MultiLayerConfiguration recurrent(NeuralNetConfiguration.ListBuilder layers, NetworkSpec model,
            int[] shape, int outputs, Target target) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("a recurrent network needs sequences, not examples of shape "
                    + Arrays.toString(shape));
        }
        for (int i = 0; i < model.hiddenLayers(); i++) {
            Layer cell = model.cell() == RecurrentCell.SIMPLE_RNN
                    ? new SimpleRnn.Builder().nOut(model.hiddenUnits()).activation(activation(model.activation()))
                            .build()
                    : new LSTM.Builder().nOut(model.hiddenUnits()).activation(activation(model.activation()))
                            .gateActivationFunction(Activation.SIGMOID).forgetGateBiasInit(1.0).build();
            boolean last = i == model.hiddenLayers() - 1;
            layers.layer(last && target != Target.CLASS_PER_STEP ? new LastTimeStep(cell) : cell);
        }
        if (target == Target.CLASS_PER_STEP) {
            layers.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                    .nOut(outputs).build());
        } else {
            layers.layer(output(target).nOut(outputs).build());
        }
        layers.inputPreProcessor(0, new SequenceRows(shape[0], shape[1]));
        layers.setInputType(InputType.feedForward((long) shape[0] * shape[1]));
        return layers.build();
    }

    /**
     * Convolution blocks (each optionally max-pooled), dense layers, softmax; rows of flattened images
     * come in, DL4J infers every layer's input size from the image shape.
     */
    private static MultiLayerConfiguration convolutional(NeuralNetConfiguration.ListBuilder layers, NetworkSpec model,
            int[] shape, int outputs, Target target) {
        if (shape.length != 3) {
            throw new IllegalArgumentException("a convolutional network needs images, not rows of " + shape[0]
                    + " features");
        }
        for (ConvBlock block : model.convolutions()) {
            layers.layer(new ConvolutionLayer.Builder(block.kernel(), block.kernel())
                    .stride(block.stride(), block.stride()).nOut(block.filters())
                    .activation(activation(model.activation())).build());
            if (block.pool() > 1) {
                layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(block.pool(), block.pool()).stride(block.pool(), block.pool()).build());
            }
        }
        for (int i = 0; i < model.hiddenLayers(); i++) {
            layers.layer(new DenseLayer.Builder().nOut(model.hiddenUnits()).activation(activation(model.activation()))
                    .build());
        }
        if (target == Target.CLASS_PER_STEP) {
            throw new IllegalArgumentException("a label at every step needs a recurrent network");
        }
        layers.layer(output(target).nOut(outputs).build());
        layers.setInputType(InputType.convolutionalFlat(shape[0], shape[1], shape[2]));
        return layers.build();
    }

    /**
     * A user's own configuration, read against the allow-list, trained as the job says: the job's
     * optimizer, gradient noise, clipping and seed replace the configuration's, minibatch stochastic
     * gradient descent replaces any other optimisation algorithm, parameters are floats, and
     * rows come in as for every other network (a first convolutional or recurrent layer with no
     * preprocessor gets the one that unflattens the dataset's images or sequences).
     *
     * @throws InvalidConfigurationException if the configuration cannot be read or trained
     */
    static MultiLayerConfiguration users(RunSpec spec, int[] shape) {
        MultiLayerConfiguration configuration = Dl4jConfigurations.parse(spec.model().configuration().toString());
        IUpdater updater = updater(spec.optimizer(), spec.gradientNoise());
        IUpdater biasUpdater = updater instanceof GradientNoise noise ? noise.biasUpdater() : updater;
        ClippingSpec clipping = spec.optimizer().gradientClipping();
        configuration.setDataType(DataType.FLOAT);
        configuration.setTrainingWorkspaceMode(WorkspaceMode.ENABLED);
        configuration.setInferenceWorkspaceMode(WorkspaceMode.ENABLED);
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            NeuralNetConfiguration layer = configuration.getConf(i);
            refuseTimeMajor(layer.getLayer(), i);
            layer.setSeed(spec.training().seed());
            layer.setDataType(DataType.FLOAT);
            layer.setOptimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT);
            layer.setMinimize(true);
            layer.setMiniBatch(true);
            layer.setStepFunction(null);
            layer.setCacheMode(CacheMode.NONE);
            for (Layer part : Dl4jConfigurations.parts(layer.getLayer())) {
                if (part instanceof BaseLayer trained) {
                    trained.setIUpdater(updater);
                    trained.setBiasUpdater(biasUpdater);
                    trained.setGradientNormalization(normalization(clipping));
                    trained.setGradientNormalizationThreshold(clipping.threshold() == null ? 1.0
                            : clipping.threshold());
                }
            }
        }
        configuration.setCacheMode(CacheMode.NONE);
        if (configuration.getInputPreProcess(0) == null) {
            List<Layer> parts = Dl4jConfigurations.parts(configuration.getConf(0).getLayer());
            Layer first = parts.get(parts.size() - 1);
            if (shape.length == 3 && (first instanceof ConvolutionLayer || first instanceof SubsamplingLayer
                    || first instanceof Upsampling2D || first instanceof ZeroPaddingLayer || first instanceof Cropping2D)) {
                configuration.getInputPreProcessors().put(0, new FeedForwardToCnnPreProcessor(shape[0], shape[1],
                        shape[2]));
            } else if (shape.length == 2 && first instanceof BaseRecurrentLayer) {
                configuration.getInputPreProcessors().put(0, new SequenceRows(shape[0], shape[1]));
            }
        }
        return configuration;
    }

    /** Sequences come in as [n, features, steps] (NCW); a layer that wants them time-major cannot take them. */
    private static void refuseTimeMajor(Layer layer, int index) {
        for (Layer part : Dl4jConfigurations.parts(layer)) {
            RNNFormat format = part instanceof BaseRecurrentLayer recurrent ? recurrent.getRnnDataFormat()
                    : part instanceof RnnOutputLayer output ? output.getRnnDataFormat()
                    : part instanceof RnnLossLayer loss ? loss.getRnnDataFormat() : null;
            if (format == RNNFormat.NWC) {
                throw new InvalidConfigurationException("confs[" + index + "].layer.rnnDataFormat", "is NWC; Anneal "
                        + "feeds sequences as [examples, features, steps]: use NCW");
            }
        }
    }

    /**
     * Rows to evaluate at once: 2,048, fewer for a recurrent network, whose every layer keeps its units for
     * every step of every row (at most 2^25 such numbers per chunk).
     */
    public static int evaluationRows(MultiLayerNetwork network) {
        if (!(network.getLayerWiseConfigurations().getInputPreProcess(0) instanceof SequenceRows sequence)) {
            return 2048;
        }
        long widest = sequence.getFeatures();
        for (int i = 0; i < network.getnLayers(); i++) {
            for (Layer part : Dl4jConfigurations.parts(network.getLayerWiseConfigurations().getConf(i).getLayer())) {
                if (part instanceof FeedForwardLayer units) {
                    widest = Math.max(widest, units.getNOut());
                }
            }
        }
        return (int) Math.max(1, Math.min(2048, (1L << 25) / (sequence.getSteps() * widest * network.getnLayers())));
    }

    /**
     * What a network was built to predict, read from its output layer: a softmax at every step (or any
     * recurrent output), one linear unit under squared error, or (every other output layer) a class.
     */
    public static Target targetOf(MultiLayerConfiguration configuration) {
        Layer output = configuration.getConf(configuration.getConfs().size() - 1).getLayer();
        if (output instanceof RnnOutputLayer || output instanceof RnnLossLayer) {
            return Target.CLASS_PER_STEP;
        }
        if (output instanceof BaseOutputLayer layer && (layer.getLossFn() instanceof LossMSE
                || layer.getLossFn() instanceof LossL2 || layer.getLossFn() instanceof LossL1
                || layer.getLossFn() instanceof LossMAE)) {
            return Target.VALUE;
        }
        return Target.CLASS;
    }

    static IUpdater updater(OptimizerSpec optimizer, NoiseSpec noise) {
        IUpdater base = baseUpdater(optimizer);
        if (noise == null) {
            return base;
        }
        return new GradientNoise(base, noise.eta(), noise.gamma(), noise.seed(),
                NoiseSchedule.valueOf(noise.schedule().name()),
                NoiseCorrelation.valueOf(noise.correlation().name()), noise.stopAfterStep(),
                noise.applyToBiases());
    }

    private static IUpdater baseUpdater(OptimizerSpec optimizer) {
        return switch (optimizer.type()) {
            case SGD -> new Sgd(optimizer.learningRate());
            case NESTEROVS -> new Nesterovs(optimizer.learningRate(), optimizer.momentum());
            case ADAM -> new Adam(optimizer.learningRate());
            case ADAGRAD -> new AdaGrad(optimizer.learningRate());
            case RMSPROP -> new RmsProp(optimizer.learningRate());
            case ADADELTA -> new AdaDelta();
        };
    }

    private static GradientNormalization normalization(ClippingSpec clipping) {
        return switch (clipping.type()) {
            case NONE, L2_GLOBAL -> GradientNormalization.None;
            case L2_PER_LAYER -> GradientNormalization.ClipL2PerLayer;
            case ELEMENT_WISE -> GradientNormalization.ClipElementWiseAbsoluteValue;
        };
    }

    private static void clipping(NeuralNetConfiguration.Builder builder, ClippingSpec clipping) {
        switch (clipping.type()) {
            case NONE -> builder.gradientNormalization(GradientNormalization.None);
            case L2_PER_LAYER -> builder.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(clipping.threshold());
            case ELEMENT_WISE -> builder.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(clipping.threshold());
            case L2_GLOBAL -> builder.gradientNormalization(GradientNormalization.None); // by the step: GlobalNormClip
        }
    }

    private static IWeightInit weightInit(InitSpec init, ActivationKind activation) {
        return switch (init.type()) {
            case NORMAL -> new WeightInitDistribution(new NormalDistribution(0, init.std()));
            case ZERO -> WeightInit.ZERO.getWeightInitFunction();
            case XAVIER -> WeightInit.XAVIER.getWeightInitFunction();
            case HE -> WeightInit.RELU.getWeightInitFunction();
            case SUSSILLO_ABBOTT -> new RandomWalkInit(
                    activation == ActivationKind.RELU || activation == ActivationKind.LEAKYRELU);
        };
    }

    private static Activation activation(ActivationKind kind) {
        return switch (kind) {
            case RELU -> Activation.RELU;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
        };
    }
}
