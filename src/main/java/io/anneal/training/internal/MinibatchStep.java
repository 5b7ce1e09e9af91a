package io.anneal.training.internal;

import io.anneal.training.internal.kernel.DenseStackCompiler;
import io.anneal.training.internal.kernel.KernelStep;
import io.anneal.training.internal.noise.NoisePrefetch;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One update of a network on one minibatch, and its predictions, by the engine the server is configured with. */
interface MinibatchStep extends AutoCloseable {

    Logger LOG = LoggerFactory.getLogger(MinibatchStep.class);

    void fit(INDArray features, INDArray labels);

    /** The most probable class of each row under the current parameters. */
    int[] predictedClasses(INDArray features);

    /** The network's output for the rows under the current parameters, in inference mode. */
    INDArray output(INDArray features);

    /**
     * The mean loss of the rows under the current parameters, with the same regularisation terms as the
     * training loss; a forward pass only, no listener sees it.
     */
    double loss(INDArray features, INDArray labels);

    /** Rows to evaluate at once without outgrowing memory. */
    int evaluationRows();

    /** The engine that actually computes the updates (DL4J when the kernel was not possible). */
    UpdateEngine engine();

    @Override
    void close();

    /** The kernel may use at most this share of the Java heap; larger networks and batches train through fit. */
    long HEAP_SHARE_DIVISOR = 4;

    static MinibatchStep of(MultiLayerNetwork network, UpdateEngine engine, int batchSize) {
        return of(network, engine, batchSize, NoisePrefetch.INLINE, Optional.empty(), UnaryOperator.identity());
    }

    /** For rows with one answer each. */
    static MinibatchStep of(MultiLayerNetwork network, UpdateEngine engine, int batchSize, NoisePrefetch prefetch,
            Optional<GlobalNormClip> globalClip) {
        return of(network, engine, batchSize, prefetch, globalClip, UnaryOperator.identity());
    }

    /**
     * As {@link #of(MultiLayerNetwork, UpdateEngine, int)}, drawing gradient noise ahead on {@code prefetch}
     * and clipping the whole gradient's norm when {@code globalClip} is given; label rows are turned into
     * what the output layer takes by {@code labels} (the identity for one answer per row).
     */
    static MinibatchStep of(MultiLayerNetwork network, UpdateEngine engine, int batchSize, NoisePrefetch prefetch,
            Optional<GlobalNormClip> globalClip, UnaryOperator<INDArray> labels) {
        if (engine == UpdateEngine.KERNEL) {
            Optional<String> unsupported = DenseStackCompiler.unsupportedReason(network).or(() -> {
                long needed = DenseStackCompiler.heapBytes(network, batchSize);
                long heap = Runtime.getRuntime().maxMemory();
                return needed > heap / HEAP_SHARE_DIVISOR ? Optional.of("minibatches of " + batchSize + " need "
                        + (needed >> 20) + " MiB of heap, more than a quarter of the " + (heap >> 20) + " MiB heap")
                        : Optional.empty();
            });
            if (unsupported.isEmpty()) {
                KernelStep kernel = KernelStep.of(network, batchSize);
                prefetch.attachTo(kernel.updater());
                globalClip.ifPresent(clip -> kernel.beforeUpdate(clip::apply));
                return new MinibatchStep() {
                    @Override
                    public void fit(INDArray features, INDArray labels) {
                        kernel.fit(features, labels);
                    }

                    @Override
                    public int[] predictedClasses(INDArray features) {
                        return kernel.predictedClasses(features);
                    }

                    @Override
                    public INDArray output(INDArray features) {
                        return network.output(features, false);
                    }

                    @Override
                    public double loss(INDArray features, INDArray labels) {
                        return network.score(new DataSet(features, labels), false);
                    }

                    @Override
                    public int evaluationRows() {
                        return NetworkFactory.evaluationRows(network);
                    }

                    @Override
                    public UpdateEngine engine() {
                        return UpdateEngine.KERNEL;
                    }

                    @Override
                    public void close() {
                        kernel.close();
                    }
                };
            }
            LOG.info("Training through MultiLayerNetwork.fit, the dense-stack kernel cannot: {}", unsupported.get());
        }
        prefetch.attachTo(network.getUpdater(true));
        globalClip.ifPresent(network::addListeners);
        return new MinibatchStep() {
            @Override
            public void fit(INDArray features, INDArray rows) {
                network.fit(features, labels.apply(rows));
            }

            @Override
            public int[] predictedClasses(INDArray features) {
                return network.output(features, false).argMax(1).toIntVector();
            }

            @Override
            public INDArray output(INDArray features) {
                return network.output(features, false);
            }

            @Override
            public double loss(INDArray features, INDArray rows) {
                return network.score(new DataSet(features, labels.apply(rows)), false);
            }

            @Override
            public int evaluationRows() {
                return NetworkFactory.evaluationRows(network);
            }

            @Override
            public UpdateEngine engine() {
                return UpdateEngine.DL4J;
            }

            @Override
            public void close() {
            }
        };
    }
}
