package io.anneal.training.internal;

import io.anneal.training.internal.noise.GradientNoise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.BinomialDistribution;
import org.deeplearning4j.nn.conf.distribution.ConstantDistribution;
import org.deeplearning4j.nn.conf.distribution.GaussianDistribution;
import org.deeplearning4j.nn.conf.distribution.LogNormalDistribution;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.OrthogonalDistribution;
import org.deeplearning4j.nn.conf.distribution.TruncatedNormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling1D;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPadding1DLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping1D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.SigmoidSchedule;
import org.nd4j.linalg.schedule.StepSchedule;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.cfg.MapperConfig;
import org.nd4j.shade.jackson.databind.exc.InvalidTypeIdException;
import org.nd4j.shade.jackson.databind.jsontype.PolymorphicTypeValidator;
import org.nd4j.shade.jackson.databind.type.TypeFactory;
import org.nd4j.shade.jackson.databind.util.LRUMap;

/**
 * Reads a user's DL4J {@code MultiLayerConfiguration} JSON without letting it name any class but DL4J's own
 * layer, activation, loss, weight-initialisation, distribution, updater, schedule, regularisation, dropout
 * and preprocessor types (and Anneal's own, as a downloaded model's configuration names them).
 *
 * <p>DL4J's JSON names Java classes ({@code "@class"}, and {@code "type"} for distributions), and its
 * mapper resolves any name it is given; Jackson loads and initialises a named class before it checks that
 * the class fits where it is named. So the text is read twice. First as a plain tree, with duplicate keys
 * refused, and every class name in it checked against {@link #ALLOWED}: a refusal names the type and
 * where it is. Then the checked tree is read by a copy of DL4J's mapper whose type validator denies
 * every class name outside the same list before anything is loaded. The legacy formats DL4J's
 * {@code fromJson} falls back to are not read.
 */
public final class Dl4jConfigurations {

    /** Exact names of the classes a configuration may name. */
    static final Set<String> ALLOWED = Collections.unmodifiableSet(allowed());
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");
    private static final Pattern QUOTED_CLASS = Pattern.compile("`?(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)`?");
    private static final ObjectMapper TREES = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper CONFIGURATIONS = NeuralNetConfiguration.mapper().copy()
            .setPolymorphicTypeValidator(new AllowList()).setTypeFactory(new AllowedTypes());
    /** Fields whose object DL4J reads by its {@code "@class"}; without one it would fall back to its legacy readers. */
    private static final Set<String> TYPED = Set.of("layer", "activationFn", "gateActivationFn", "lossFn", "iupdater",
            "biasUpdater", "weightInitFn", "weightInitFnRecurrent", "idropout", "underlying", "fwd", "bwd", "weightNoise");
    /** Fields of DL4J's legacy formats, read by its fallback readers without the allow-list; refused. */
    private static final Set<String> LEGACY = Set.of("dist", "weightInit", "activationFunction", "lossFunction",
            "updater");
    private static final int MAX_DEPTH = 64;
    /** Largest size of one dimension a configuration may give: units, channels, kernel, stride, padding. */
    static final long MAX_SIZE = 1_000_000;
    private static final int MAX_WINDOW = 1024;

    private Dl4jConfigurations() {
    }

    /**
     * The configuration the JSON describes.
     *
     * @throws InvalidConfigurationException naming the path and the problem: a class outside the
     *     allow-list, a computation graph, or JSON DL4J cannot read
     */
    public static MultiLayerConfiguration parse(String json) {
        JsonNode tree;
        try {
            tree = TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("", "is not JSON DL4J can read: " + plain(e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidConfigurationException("", "must be a JSON object");
        }
        if (tree.has("vertices") || tree.has("networkInputs")) {
            throw new InvalidConfigurationException("", "is a ComputationGraphConfiguration; Anneal trains "
                    + "MultiLayerConfigurations (a stack of layers)");
        }
        if (!tree.path("confs").isArray() || tree.path("confs").isEmpty()) {
            throw new InvalidConfigurationException("confs", "must list the layers' configurations, as "
                    + "MultiLayerConfiguration.toJson() writes them");
        }
        for (int i = 0; i < tree.get("confs").size(); i++) {
            if (!tree.get("confs").get(i).isObject() || !tree.get("confs").get(i).path("layer").isObject()) {
                throw new InvalidConfigurationException("confs[" + i + "]", "must be an object with its 'layer'");
            }
        }
        if (tree.has("inputPreProcessors") && !tree.get("inputPreProcessors").isObject()) {
            throw new InvalidConfigurationException("inputPreProcessors", "must be an object of preprocessors by "
                    + "layer index");
        }
        checkNames(tree, "", 0);
        try {
            MultiLayerConfiguration configuration = readWithAllowList(TREES.writeValueAsString(tree));
            checkLayers(configuration);
            checkSizes(configuration);
            return configuration;
        } catch (InvalidConfigurationException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException("", "is not a MultiLayerConfiguration DL4J can read: "
                    + plain(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException("", "is not a MultiLayerConfiguration DL4J can read: "
                    + plain(e.getMessage()));
        }
    }

    /**
     * Reads the text with DL4J's mapper under the allow-list's type validator alone, without the scan:
     * what stands behind the scan.
     */
    static MultiLayerConfiguration readWithAllowList(String json) throws JsonProcessingException {
        try {
            return CONFIGURATIONS.readValue(json, MultiLayerConfiguration.class);
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null) {
                throw new InvalidConfigurationException("", "is not a MultiLayerConfiguration DL4J can read: an "
                        + "object in it has no type ('@class') where DL4J needs one");
            }
            throw new InvalidConfigurationException("", "names the type '" + e.getTypeId() + "', which is not one "
                    + "of the DL4J types Anneal accepts");
        }
    }

    /**
     * Every class name in the tree ({@code "@class"}, and {@code "type"}, which names a distribution's class)
     * is allowed; every object DL4J reads by its class names one; no field of DL4J's legacy formats, whose
     * readers name classes of their own, is there.
     */
    private static void checkNames(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidConfigurationException(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (LEGACY.contains(field.getKey()) && !value.isNull()) {
                    throw new InvalidConfigurationException(at, "is a field of a legacy DL4J format; send the "
                            + "configuration as DL4J 1.0's toJson() writes it");
                }
                if (field.getKey().equals("stepFunction") && !value.isNull()) {
                    throw new InvalidConfigurationException(at, "is not supported: Anneal trains with stochastic "
                            + "gradient descent and the job's optimizer");
                }
                boolean preprocessor = path.equals("inputPreProcessors");
                if ((TYPED.contains(field.getKey()) || preprocessor) && !value.isNull()
                        && !value.path("@class").isTextual()) {
                    throw new InvalidConfigurationException(at, "has no type ('@class')");
                }
                if (field.getKey().equals("distribution") && !value.isNull() && !value.path("type").isTextual()) {
                    throw new InvalidConfigurationException(at, "has no type ('type')");
                }
                boolean typeId = field.getKey().equals("@class") || field.getKey().equals("type");
                if (typeId && (!value.isTextual() || !ALLOWED.contains(value.asText()))) {
                    throw new InvalidConfigurationException(at, "names the type '" + value.asText() + "', which is "
                            + "not one of the DL4J layer, activation, loss, weight-initialisation, distribution, "
                            + "updater, schedule, regularisation, dropout or preprocessor types Anneal accepts");
                }
                checkNames(value, at, depth + 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkNames(node.get(i), path + "[" + i + "]", depth + 1);
            }
        }
    }

    /**
     * Every size a layer gives is within bounds, so nothing computed from them (parameter counts, the
     * shapes of activations) overflows: units and channels up to {@link #MAX_SIZE}, kernels, strides,
     * padding, dilation, cropping and upsampling up to 1,024.
     */
    private static void checkSizes(MultiLayerConfiguration configuration) {
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            String at = "confs[" + i + "].layer";
            for (Layer part : parts(configuration.getConf(i).getLayer())) {
                if (part instanceof FeedForwardLayer units) {
                    within(at + ".nin", units.getNIn(), 0, MAX_SIZE);
                    within(at + ".nout", units.getNOut(), 0, MAX_SIZE);
                }
                if (part instanceof ConvolutionLayer convolution) {
                    window(at + ".kernelSize", convolution.getKernelSize(), 1);
                    window(at + ".stride", convolution.getStride(), 1);
                    window(at + ".padding", convolution.getPadding(), 0);
                    window(at + ".dilation", convolution.getDilation(), 1);
                }
                if (part instanceof SubsamplingLayer pooling) {
                    window(at + ".kernelSize", pooling.getKernelSize(), 1);
                    window(at + ".stride", pooling.getStride(), 1);
                    window(at + ".padding", pooling.getPadding(), 0);
                    window(at + ".dilation", pooling.getDilation(), 1);
                }
                if (part instanceof Upsampling2D upsampling) {
                    window(at + ".size", upsampling.getSize(), 1);
                } else if (part instanceof Upsampling1D upsampling) {
                    window(at + ".size", upsampling.getSize(), 1);
                } else if (part instanceof ZeroPaddingLayer padding) {
                    window(at + ".padding", padding.getPadding(), 0);
                } else if (part instanceof ZeroPadding1DLayer padding) {
                    window(at + ".padding", padding.getPadding(), 0);
                } else if (part instanceof Cropping2D cropping) {
                    window(at + ".cropping", cropping.getCropping(), 0);
                } else if (part instanceof Cropping1D cropping) {
                    window(at + ".cropping", cropping.getCropping(), 0);
                }
            }
        }
    }

    private static void within(String at, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(at, "is " + value + "; it must be " + min + " to " + max);
        }
    }

    private static void window(String at, int[] sizes, int min) {
        for (int i = 0; sizes != null && i < sizes.length; i++) {
            within(at + "[" + i + "]", sizes[i], min, MAX_WINDOW);
        }
    }

    /** The layers and preprocessors that came out are of allowed classes (a second line behind the validator). */
    private static void checkLayers(MultiLayerConfiguration configuration) {
        for (int i = 0; i < configuration.getConfs().size(); i++) {
            Layer layer = configuration.getConf(i).getLayer();
            if (layer == null) {
                throw new InvalidConfigurationException("confs[" + i + "].layer", "is missing");
            }
            for (Layer part : parts(layer)) {
                if (!ALLOWED.contains(part.getClass().getName())) {
                    throw new InvalidConfigurationException("confs[" + i + "].layer", "is a "
                            + part.getClass().getSimpleName() + ", which Anneal does not train");
                }
            }
        }
        for (Map.Entry<Integer, InputPreProcessor> entry : configuration.getInputPreProcessors().entrySet()) {
            if (!ALLOWED.contains(entry.getValue().getClass().getName())) {
                throw new InvalidConfigurationException("inputPreProcessors." + entry.getKey(), "is a "
                        + entry.getValue().getClass().getSimpleName() + ", which Anneal does not accept");
            }
        }
    }

    /** A layer and, for wrappers, the layers inside it. */
    static List<Layer> parts(Layer layer) {
        List<Layer> parts = new ArrayList<>(List.of(layer));
        if (layer instanceof Bidirectional both) {
            parts.addAll(parts(both.getFwd()));
            parts.addAll(parts(both.getBwd()));
        } else if (layer instanceof BaseWrapperLayer wrapper) {
            parts.addAll(parts(wrapper.getUnderlying()));
        }
        return parts;
    }

    /** A parser's message in the user's terms: fully qualified class names shortened to their simple names. */
    static String plain(String message) {
        if (message == null) {
            return "no reason given";
        }
        Matcher names = QUOTED_CLASS.matcher(message);
        StringBuilder out = new StringBuilder();
        while (names.find()) {
            names.appendReplacement(out, Matcher.quoteReplacement("'" + names.group(1) + "'"));
        }
        names.appendTail(out);
        String text = out.toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static Set<String> allowed() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : List.of(
                // layers
                DenseLayer.class, OutputLayer.class, LossLayer.class, ActivationLayer.class, DropoutLayer.class,
                BatchNormalization.class, LocalResponseNormalization.class, EmbeddingLayer.class,
                EmbeddingSequenceLayer.class, ConvolutionLayer.class, Convolution1DLayer.class,
                Deconvolution2D.class, DepthwiseConvolution2D.class, SeparableConvolution2D.class,
                SubsamplingLayer.class, Subsampling1DLayer.class, GlobalPoolingLayer.class, Upsampling1D.class,
                Upsampling2D.class, ZeroPaddingLayer.class, ZeroPadding1DLayer.class, Cropping1D.class,
                Cropping2D.class, CnnLossLayer.class, LSTM.class, GravesLSTM.class, SimpleRnn.class,
                RnnOutputLayer.class, RnnLossLayer.class, LastTimeStep.class, Bidirectional.class,
                // preprocessors
                CnnToFeedForwardPreProcessor.class, FeedForwardToCnnPreProcessor.class,
                RnnToFeedForwardPreProcessor.class, FeedForwardToRnnPreProcessor.class, CnnToRnnPreProcessor.class,
                RnnToCnnPreProcessor.class, SequenceRows.class,
                // distributions of weight initialisation
                WeightInitDistribution.class, NormalDistribution.class, GaussianDistribution.class,
                TruncatedNormalDistribution.class, LogNormalDistribution.class, UniformDistribution.class,
                OrthogonalDistribution.class, BinomialDistribution.class, ConstantDistribution.class,
                // updaters, their schedules, regularisation and dropout
                Sgd.class, Adam.class, AdaMax.class, Nadam.class, AMSGrad.class, Nesterovs.class, AdaGrad.class,
                RmsProp.class, AdaDelta.class, NoOp.class, GradientNoise.class, ExponentialSchedule.class,
                InverseSchedule.class, MapSchedule.class, PolySchedule.class, SigmoidSchedule.class,
                StepSchedule.class, CycleSchedule.class, RampSchedule.class, FixedSchedule.class,
                L1Regularization.class, L2Regularization.class, WeightDecay.class, Dropout.class,
                GaussianDropout.class, GaussianNoise.class, AlphaDropout.class)) {
            names.add(type.getName());
        }
        for (Activation activation : Activation.values()) {
            addClassOf(names, activation::getActivationFunction);
        }
        for (LossFunctions.LossFunction loss : LossFunctions.LossFunction.values()) {
            addClassOf(names, loss::getILossFunction);
        }
        for (WeightInit init : WeightInit.values()) {
            if (init != WeightInit.DISTRIBUTION) {
                addClassOf(names, init::getWeightInitFunction);
            }
        }
        return names;
    }

    /** The class of what DL4J's own enum constant stands for; constants it no longer supports are left out. */
    private static void addClassOf(Set<String> names, Supplier<Object> instance) {
        try {
            names.add(instance.get().getClass().getName());
        } catch (UnsupportedOperationException | IllegalStateException | IllegalArgumentException e) {
            // DL4J keeps some constants only to read old configurations; nothing to allow for them
        }
    }

    /**
     * Loads no class by name outside {@link #ALLOWED}: the validator is asked about a generic type id's raw
     * class only, and its type parameters are loaded here.
     */
    private static final class AllowedTypes extends TypeFactory {
        private static final long serialVersionUID = 1L;

        AllowedTypes() {
            super(new LRUMap<>(16, 200));
        }

        @Override
        public Class<?> findClass(String className) throws ClassNotFoundException {
            if (!ALLOWED.contains(className)) {
                throw new ClassNotFoundException("'" + className + "' is not one of the DL4J types Anneal accepts");
            }
            return super.findClass(className);
        }
    }

    /** Denies every class name outside {@link #ALLOWED} before Jackson resolves it. */
    private static final class AllowList extends PolymorphicTypeValidator.Base {
        private static final long serialVersionUID = 1L;

        @Override
        public Validity validateBaseType(MapperConfig<?> config, JavaType baseType) {
            return Validity.INDETERMINATE;
        }

        @Override
        public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
            return ALLOWED.contains(subClassName) ? Validity.ALLOWED : Validity.DENIED;
        }

        @Override
        public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
            return ALLOWED.contains(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
        }
    }
}
