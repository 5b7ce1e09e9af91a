package io.anneal.bench;

import io.anneal.spec.DatasetRef;
import io.anneal.spec.InitSpec;
import io.anneal.spec.InitType;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.RunSpec;
import io.anneal.training.internal.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The paper's MNIST network: 20 hidden layers x 50 ReLU units, softmax over 10, plain SGD, batch 128. */
final class PaperNetwork {

    static final int BATCH = 128;

    private PaperNetwork() {
    }

    static RunSpec spec(Double eta) {
        return new RunSpec(new DatasetRef("mnist-10k"),
                new NetworkSpec(null, 20, 50, null, new InitSpec(InitType.HE, null)).withDefaults(),
                new OptimizerSpec(OptimizerType.SGD, 0.01, null, null).withDefaults(),
                eta == null ? null : new NoiseSpec(eta, null, 7L, null, null, null, null).withDefaults(),
                new LoopSpec(null, 100_000L, BATCH, 1L).withDefaults());
    }

    static MultiLayerNetwork build(Double eta) {
        return NetworkFactory.build(spec(eta), 784, 10);
    }

    /** The noisy network drawing noise stream {@code stream} (as a configuration saved with it would). */
    static MultiLayerNetwork build(double eta, int stream) {
        MultiLayerNetwork current = build(eta);
        String json = current.getLayerWiseConfigurations().toJson();
        if (!json.contains("\"noiseStream\" : ")) {
            throw new IllegalStateException("the configuration names no noise stream");
        }
        MultiLayerNetwork network = new MultiLayerNetwork(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(
                json.replaceAll("\"noiseStream\" : \\d+", "\"noiseStream\" : " + stream)));
        network.init(current.params().dup(), false);
        return network;
    }
}
