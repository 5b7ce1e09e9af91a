package io.anneal.training.internal;

import io.anneal.spec.FieldProblem;
import io.anneal.spec.NetworkType;
import io.anneal.spec.RunSpec;
import io.anneal.spec.SpecCheck;
import io.anneal.training.DatasetUnavailableException;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.data.Target;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.springframework.stereotype.Component;

/**
 * Refuses a DL4J configuration at submission unless it would train on the job's dataset: it reads against
 * the allow-list, has at most {@link #MAX_PARAMETERS} parameters and bounded activations (counted from
 * the layers' shapes before anything is allocated), predicts what the dataset labels (a class, a value, a
 * class per step), and turns two of the dataset's examples into outputs of exactly the shape their labels
 * have. Configurations are built one at a time.
 */
@Component
class Dl4jConfigurationCheck implements SpecCheck {

    /** Most parameters a configuration may have: 50 million, 200 MB of weights. */
    static final long MAX_PARAMETERS = 50_000_000;
    private final DatasetCatalog catalog;

    Dl4jConfigurationCheck(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /** One configuration is built at a time: each may take up to the caps' worth of memory. */
    private static final Object BUILDING = new Object();
    /** Most numbers a configuration's layers may produce for one example, all layers together. */
    static final long MAX_ACTIVATIONS = 20_000_000;
    /** Most numbers the layers may produce for a whole minibatch: 4 GiB of floats. */
    static final long MAX_BATCH_ACTIVATIONS = 1L << 30;

    @Override
    public List<FieldProblem> check(RunSpec spec) {
        if (spec.model() == null || spec.model().type() != NetworkType.DL4J || spec.model().configuration() == null
                || !spec.model().configuration().isObject() || spec.dataset() == null) {
            return List.of();
        }
        Dataset data;
        try {
            data = catalog.dataset(spec.dataset().name());
        } catch (DatasetUnavailableException e) {
            return List.of(); // the dataset's own check names it
        }
        try {
            synchronized (BUILDING) {
                return problems(spec, data);
            }
        } catch (InvalidConfigurationException e) {
            return List.of(new FieldProblem(e.field(), e.getMessage()));
        } catch (OutOfMemoryError | StackOverflowError e) {
            return List.of(new FieldProblem("model.configuration", "is too large to build on this server ("
                    + (e instanceof OutOfMemoryError ? "out of memory" : "too deep") + ")"));
        } catch (RuntimeException e) {
            return List.of(new FieldProblem("model.configuration", "cannot be built for the examples of dataset '"
                    + data.name() + "' (shape " + Arrays.toString(data.shape()) + "): "
                    + Dl4jConfigurations.plain(e.getMessage())));
        }
    }

    private static List<FieldProblem> problems(RunSpec spec, Dataset data) {
        MultiLayerConfiguration configuration = NetworkFactory.users(spec, data.shape());
        long parameters = 0;
        for (NeuralNetConfiguration layer : configuration.getConfs()) {
            parameters = Math.addExact(parameters, layer.getLayer().initializer().numParams(layer));
        }
        if (parameters > MAX_PARAMETERS) {
            return List.of(new FieldProblem("model.configuration", "has " + parameters + " parameters; at most "
                    + MAX_PARAMETERS));
        }
        Target target = NetworkFactory.targetOf(configuration);
        if (target != data.target()) {
            return List.of(new FieldProblem("model.configuration", "its output layer predicts " + target.description()
                    + "; dataset '" + data.name() + "' labels " + data.target().description()));
        }
        long activations = 0;
        for (InputType type : configuration.getLayerActivationTypes(InputType.feedForward(data.features()))) {
            activations = Math.addExact(activations, type.arrayElementsPerExample());
        }
        long batch = Math.multiplyExact(activations, spec.training().batchSize());
        if (activations > MAX_ACTIVATIONS || batch > MAX_BATCH_ACTIVATIONS) {
            return List.of(new FieldProblem("model.configuration", "its layers produce " + activations
                    + " numbers per example (" + batch + " per minibatch of " + spec.training().batchSize()
                    + "); at most " + MAX_ACTIVATIONS + " per example and " + MAX_BATCH_ACTIVATIONS
                    + " per minibatch"));
        }
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        INDArray examples = data.trainFeatures().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all());
        long[] shape = network.output(examples, false).shape();
        long[] expected = target == Target.CLASS_PER_STEP ? new long[] {2, data.outputs(), data.steps()}
                : new long[] {2, data.outputs()};
        if (!Arrays.equals(shape, expected)) {
            return List.of(new FieldProblem("model.configuration", "gives outputs of shape "
                    + Arrays.toString(shape) + " for 2 examples of dataset '" + data.name() + "'; its labels need "
                    + Arrays.toString(expected)));
        }
        return List.of();
    }

}
