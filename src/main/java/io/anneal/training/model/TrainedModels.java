package io.anneal.training.model;

import io.anneal.training.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.springframework.stereotype.Component;

/**
 * Predictions and evaluations with saved models. Loaded networks are kept in a bounded LRU cache keyed
 * by the zip's SHA-256, so repeated predictions do not reload the file; a network is used by one
 * request at a time (DL4J networks are not thread-safe).
 */
@Component
public class TrainedModels {

    private static final int EVALUATION_BATCH = 2048;
    private final int capacity;
    private final Map<String, MultiLayerNetwork> cache;

    public TrainedModels(ArtifactProperties properties) {
        this.capacity = properties.cachedModels();
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Input features each instance must have for this model. */
    public int inputSize(SavedModel model) {
        MultiLayerNetwork network = load(model);
        return (int) ((FeedForwardLayer) network.getLayer(0).conf().getLayer()).getNIn();
    }

    /** Rows of {@code inputSize} values, already scaled as in training ([0, 1] for images). */
    public List<Prediction> predict(SavedModel model, float[][] instances) {
        MultiLayerNetwork network = load(model);
        int expected = inputSize(model);
        for (int i = 0; i < instances.length; i++) {
            if (instances[i].length != expected) {
                throw new ModelInputException("instances[" + i + "]", "has " + instances[i].length
                        + " values; the model expects " + expected);
            }
        }
        INDArray output;
        synchronized (network) {
            output = network.output(Nd4j.create(instances), false);
        }
        List<Prediction> predictions = new ArrayList<>(instances.length);
        for (int row = 0; row < instances.length; row++) {
            double[] probabilities = output.getRow(row).castTo(DataType.DOUBLE).toDoubleVector();
            predictions.add(new Prediction(argMax(probabilities), probabilities));
        }
        return predictions;
    }

    public EvaluationReport evaluate(SavedModel model, Dataset data, String split) {
        MultiLayerNetwork network = load(model);
        boolean test = !"train".equals(split);
        INDArray features = test ? data.testFeatures() : data.trainFeatures();
        INDArray labels = test ? data.testLabels() : data.trainLabels();
        int expected = inputSize(model);
        if (features.size(1) != expected) {
            throw new ModelInputException("dataset", "'" + data.name() + "' has " + features.size(1)
                    + " features per example; the model expects " + expected);
        }
        long outputs = ((FeedForwardLayer) network.getLayer(network.getnLayers() - 1).conf().getLayer()).getNOut();
        if (labels.size(1) != outputs) {
            throw new ModelInputException("dataset", "'" + data.name() + "' has " + labels.size(1)
                    + " classes; the model predicts " + outputs);
        }
        Evaluation evaluation = new Evaluation((int) labels.size(1));
        double lossSum = 0;
        long examples = features.size(0);
        synchronized (network) {
            for (long from = 0; from < examples; from += EVALUATION_BATCH) {
                long to = Math.min(examples, from + EVALUATION_BATCH);
                INDArray x = features.get(NDArrayIndex.interval(from, to));
                INDArray y = labels.get(NDArrayIndex.interval(from, to));
                evaluation.eval(y, network.output(x, false));
                lossSum += network.score(new DataSet(x, y), false) * (to - from);
            }
        }
        return report(data.name(), test ? "test" : "train", (int) examples, evaluation, lossSum / examples);
    }

    private static EvaluationReport report(String dataset, String split, int examples, Evaluation evaluation,
            double loss) {
        int classes = evaluation.getNumRowCounter() > 0 ? evaluation.getConfusionMatrix().getClasses().size() : 0;
        int[][] confusion = new int[classes][classes];
        List<EvaluationReport.ClassMetrics> perClass = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            int support = 0;
            for (int predicted = 0; predicted < classes; predicted++) {
                confusion[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
                support += confusion[actual][predicted];
            }
            perClass.add(new EvaluationReport.ClassMetrics(actual, evaluation.precision(actual, 0.0),
                    evaluation.recall(actual, 0.0), evaluation.f1(actual), support));
        }
        return new EvaluationReport(dataset, split, examples, evaluation.accuracy(), loss, perClass, confusion);
    }

    private synchronized MultiLayerNetwork load(SavedModel model) {
        MultiLayerNetwork network = cache.get(model.sha256());
        if (network == null) {
            try {
                network = ModelSerializer.restoreMultiLayerNetwork(Path.of(model.path()).toFile(), false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load model " + model.path(), e);
            }
            cache.put(model.sha256(), network);
            if (cache.size() > capacity) {
                cache.remove(cache.keySet().iterator().next());
            }
        }
        return network;
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
