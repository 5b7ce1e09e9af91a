package io.anneal.training.internal.trained;

import io.anneal.artifact.ModelRef;
import io.anneal.training.DatasetUnavailableException;
import io.anneal.training.Evaluation;
import io.anneal.training.ModelInputException;
import io.anneal.training.ModelUnreadableException;
import io.anneal.training.Prediction;
import io.anneal.training.TrainedNetworks;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.NetworkFactory;
import io.anneal.training.internal.SequenceRows;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.data.Target;
import io.anneal.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Predictions and evaluations with saved models. Loaded networks are kept in a bounded LRU cache keyed
 * by the zip's SHA-256, so repeated predictions do not reload the file; a network is used by one
 * request at a time (DL4J networks are not thread-safe).
 */
@Component
public class SavedNetworks implements TrainedNetworks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int capacity;
    private final Map<String, Loaded> cache;
    private final DatasetCatalog datasets;
    private final ModelStore models;

    public SavedNetworks(ArtifactProperties properties, DatasetCatalog datasets, ModelStore models) {
        this.capacity = properties.cachedModels();
        this.datasets = datasets;
        this.models = models;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    @Override
    public InputStream open(ModelRef model) {
        try {
            return models.open(model);
        } catch (IOException e) {
            throw unreadable(model, e);
        }
    }

    private ModelUnreadableException unreadable(ModelRef model, IOException e) {
        return new ModelUnreadableException((e instanceof NoSuchFileException ? "there is no model file at "
                : "cannot read the model file at ") + models.describe(model.location())
                + (e instanceof NoSuchFileException ? "" : ": " + e.getMessage()), e);
    }

    @Override
    public List<Prediction> predict(ModelRef model, float[][] instances) {
        Loaded loaded = load(model);
        MultiLayerNetwork network = loaded.network();
        int expected = inputSize(network);
        for (int i = 0; i < instances.length; i++) {
            if (instances[i].length != expected) {
                throw new ModelInputException("instances[" + i + "]", "has " + instances[i].length
                        + " values; the model expects " + expected);
            }
            if (loaded.scaling().kind() == InputScaling.Kind.PIXELS) {
                checkRange(instances[i], i);
            }
        }
        INDArray input = Nd4j.create(instances);
        if (loaded.scaling().standardizes()) {
            input.subiRowVector(Nd4j.createFromArray(loaded.scaling().mean()).castTo(DataType.FLOAT))
                    .diviRowVector(Nd4j.createFromArray(loaded.scaling().std()).castTo(DataType.FLOAT));
        }
        INDArray output;
        synchronized (network) {
            output = network.output(input, false);
        }
        Target target = NetworkFactory.targetOf(network.getLayerWiseConfigurations());
        List<Prediction> predictions = new ArrayList<>(instances.length);
        for (int row = 0; row < instances.length; row++) {
            predictions.add(switch (target) {
                case CLASS -> {
                    double[] probabilities = output.getRow(row).castTo(DataType.DOUBLE).toDoubleVector();
                    yield Prediction.ofClass(argMax(probabilities), probabilities);
                }
                case VALUE -> Prediction.ofValue(output.getDouble(row, 0));
                case CLASS_PER_STEP -> {
                    double[][] steps = output.get(NDArrayIndex.point(row), NDArrayIndex.all(), NDArrayIndex.all())
                            .transpose().castTo(DataType.DOUBLE).toDoubleMatrix();
                    int[] labels = new int[steps.length];
                    for (int t = 0; t < steps.length; t++) {
                        labels[t] = argMax(steps[t]);
                    }
                    yield Prediction.ofSteps(labels, steps);
                }
            });
        }
        return predictions;
    }

    @Override
    public List<Integer> inputShape(ModelRef model) {
        return shapeOf(load(model).network());
    }

    /**
     * One example's shape: the image of a convolutional network, the sequence of a recurrent one, else the
     * inputs of the first layer that has a width (a user's configuration may begin with one that has none).
     */
    private static List<Integer> shapeOf(MultiLayerNetwork network) {
        InputPreProcessor first = network.getLayerWiseConfigurations().getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor image) {
            return List.of((int) image.getInputHeight(), (int) image.getInputWidth(), (int) image.getNumChannels());
        }
        if (first instanceof SequenceRows sequence) {
            return List.of((int) sequence.getSteps(), (int) sequence.getFeatures());
        }
        for (int i = 0; i < network.getnLayers(); i++) {
            if (network.getLayer(i).conf().getLayer() instanceof FeedForwardLayer layer && layer.getNIn() > 0) {
                return List.of(Math.toIntExact(layer.getNIn()));
            }
        }
        throw new IllegalStateException("the model has no layer that says how many inputs it takes");
    }

    /** Features per input row: one example flattened. */
    private static int inputSize(MultiLayerNetwork network) {
        return shapeOf(network).stream().reduce(1, Math::multiplyExact);
    }

    @Override
    public Evaluation evaluate(ModelRef model, String dataset, Split split) {
        Loaded loaded = load(model);
        MultiLayerNetwork network = loaded.network();
        Dataset data;
        try {
            data = datasets.dataset(dataset);
        } catch (DatasetUnavailableException e) {
            if (dataset.equals(loaded.dataset()) && loaded.datasetSha256() != null) {
                throw new DatasetUnavailableException(dataset, "the model was trained on it when its SHA-256 was "
                        + loaded.datasetSha256() + ", and it is gone (deleted, or no longer offered)", e);
            }
            throw e;
        }
        boolean test = split == Split.TEST;
        INDArray features = test ? data.testFeatures() : data.trainFeatures();
        INDArray labels = test ? data.testLabels() : data.trainLabels();
        int expected = inputSize(network);
        if (features.size(1) != expected) {
            throw new ModelInputException("dataset", "'" + data.name() + "' has " + features.size(1)
                    + " features per example; the model expects " + expected);
        }
        Target target = NetworkFactory.targetOf(network.getLayerWiseConfigurations());
        if (target != data.target()) {
            throw new ModelInputException("dataset", "'" + data.name() + "' asks for " + data.target().description()
                    + "; the model predicts " + target.description());
        }
        long outputs = ((FeedForwardLayer) network.getLayer(network.getnLayers() - 1).conf().getLayer()).getNOut();
        if (data.outputs() != outputs) {
            throw new ModelInputException("dataset", "'" + data.name() + "' has " + data.outputs()
                    + " classes; the model predicts " + outputs);
        }
        org.nd4j.evaluation.classification.Evaluation evaluation = target == Target.VALUE ? null
                : new org.nd4j.evaluation.classification.Evaluation(data.outputs());
        double lossSum = 0;
        double absoluteErrorSum = 0;
        long right = 0;
        long examples = features.size(0);
        synchronized (network) {
            int chunk = NetworkFactory.evaluationRows(network);
            for (long from = 0; from < examples; from += chunk) {
                long to = Math.min(examples, from + chunk);
                INDArray x = loaded.scaling().convert(features.get(NDArrayIndex.interval(from, to)),
                        InputScaling.of(data));
                INDArray rows = labels.get(NDArrayIndex.interval(from, to));
                INDArray y = target.networkLabels(rows, data.steps());
                INDArray output = network.output(x, false);
                if (evaluation != null) {
                    evaluation.eval(y, output);
                } else {
                    absoluteErrorSum += Transforms.abs(output.sub(y)).sumNumber().doubleValue();
                }
                for (boolean correct : target.correct(output, rows, data.steps())) {
                    right += correct ? 1 : 0;
                }
                lossSum += network.score(new DataSet(x, y), false) * (to - from);
            }
        }
        double accuracy = (double) right / examples;
        return switch (target) {
            case CLASS -> report(data.name(), split, target, (int) examples, accuracy, null, evaluation,
                    lossSum / examples);
            case CLASS_PER_STEP -> report(data.name(), split, target, (int) examples, accuracy,
                    evaluation.accuracy(), evaluation, lossSum / examples);
            case VALUE -> new Evaluation(data.name(), split, target.wireName(), (int) examples, accuracy,
                    lossSum / examples, null, absoluteErrorSum / examples, null, null);
        };
    }

    private static Evaluation report(String dataset, Split split, Target target, int examples, double accuracy,
            Double stepAccuracy, org.nd4j.evaluation.classification.Evaluation evaluation, double loss) {
        int classes = evaluation.getNumRowCounter() > 0 ? evaluation.getConfusionMatrix().getClasses().size() : 0;
        int[][] confusion = new int[classes][classes];
        List<Evaluation.ClassFigures> perClass = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            int support = 0;
            for (int predicted = 0; predicted < classes; predicted++) {
                confusion[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
                support += confusion[actual][predicted];
            }
            perClass.add(new Evaluation.ClassFigures(actual, evaluation.precision(actual, 0.0),
                    evaluation.recall(actual, 0.0), evaluation.f1(actual), support));
        }
        return new Evaluation(dataset, split, target.wireName(), examples, accuracy, loss, stepAccuracy, null,
                perClass, confusion);
    }

    /**
     * Every dataset Anneal trains on has features scaled to [0, 1] (pixels divided by 255); a value
     * outside it would give a confident answer to a question the model never saw.
     */
    private static void checkRange(float[] row, int index) {
        for (int j = 0; j < row.length; j++) {
            if (!(row[j] >= 0f && row[j] <= 1f)) {
                throw new ModelInputException("instances[" + index + "][" + j + "]", "is " + row[j]
                        + "; the model was trained on values in [0, 1] (pixels divided by 255): scale the values, "
                        + "or send PNG images instead");
            }
        }
    }

    /**
     * A model as loaded for use: the network, how its inputs are scaled, and the dataset it was trained
     * on with the SHA-256 its job recorded (null for datasets that have none).
     */
    private record Loaded(MultiLayerNetwork network, InputScaling scaling, String dataset, String datasetSha256) {
    }

    private synchronized Loaded load(ModelRef model) {
        Loaded loaded = cache.get(model.sha256());
        if (loaded == null) {
            byte[] zip;
            try (InputStream in = models.open(model)) {
                zip = in.readAllBytes();
            } catch (IOException e) {
                throw unreadable(model, e);
            }
            String actual = Sha256.of(zip);
            if (!actual.equals(model.sha256())) {
                throw new ModelUnreadableException("the model file at " + models.describe(model.location())
                        + " has SHA-256 " + actual + ", recorded " + model.sha256(), null);
            }
            try {
                JsonNode trainedOn = trainedOn(zip);
                loaded = new Loaded(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false),
                        scaling(zip), trainedOn.isString() ? trainedOn.asString() : trainedOn.path("name").asString(null),
                        trainedOn.path("sha256").asString(null));
            } catch (IOException e) {
                throw new ModelUnreadableException("cannot load the model at " + models.describe(model.location())
                        + ": " + e.getMessage(), e);
            }
            cache.put(model.sha256(), loaded);
            if (cache.size() > capacity) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return loaded;
    }

    /** The bytes of one entry of a zip, or null when it has none. */
    private static byte[] entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
            return null;
        }
    }

    /** The {@code dataset} of the job spec inside a model's zip (a missing node when there is none). */
    private static JsonNode trainedOn(byte[] zip) throws IOException {
        byte[] spec = entry(zip, ModelStore.SPEC_ENTRY);
        return spec == null ? JSON.missingNode() : JSON.readTree(spec).path("dataset");
    }

    /** The input scaling a model's zip records; pixels in [0, 1] for models saved before it was recorded. */
    private static InputScaling scaling(byte[] zip) throws IOException {
        byte[] scaling = entry(zip, ModelStore.SCALING_ENTRY);
        if (scaling == null) {
            return InputScaling.PIXELS;
        }
        JsonNode json = JSON.readTree(scaling);
        return switch (json.path("scaling").asString("pixels")) {
            case "standardize" -> new InputScaling(InputScaling.Kind.STANDARDIZE,
                    JSON.treeToValue(json.get("mean"), double[].class),
                    JSON.treeToValue(json.get("std"), double[].class));
            case "identity" -> InputScaling.IDENTITY;
            default -> InputScaling.PIXELS;
        };
    }

    private static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
