package io.anneal.training.internal.kernel;

import io.anneal.spec.ActivationKind;
import io.anneal.spec.ClippingSpec;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.InitSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.NoiseSpec;
import io.anneal.spec.OptimizerSpec;
import io.anneal.spec.OptimizerType;
import io.anneal.spec.RunSpec;
import io.anneal.training.internal.NetworkFactory;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small networks as Anneal builds them, and random minibatches for them. */
final class KernelNetworks {

    static final int FEATURES = 12;
    static final int CLASSES = 4;

    private KernelNetworks() {
    }

    static MultiLayerNetwork network(ActivationKind activation, InitSpec init, OptimizerSpec optimizer, NoiseSpec noise) {
        RunSpec spec = new RunSpec(new DatasetRef("mnist-tiny"),
                new NetworkSpec(null, 3, 7, activation, init).withDefaults(), optimizer.withDefaults(),
                noise == null ? null : noise.withDefaults(), new LoopSpec(null, 100L, 16, 5L).withDefaults());
        return NetworkFactory.build(spec, FEATURES, CLASSES);
    }

    static OptimizerSpec sgd(double learningRate) {
        return new OptimizerSpec(OptimizerType.SGD, learningRate, null, null);
    }

    static OptimizerSpec optimizer(OptimizerType type, double learningRate, ClippingSpec clipping) {
        return new OptimizerSpec(type, learningRate, null, clipping);
    }

    /** Features in [-1, 1) and one-hot labels. */
    static INDArray[] batch(int rows, long seed) {
        Random random = new Random(seed);
        float[][] features = new float[rows][FEATURES];
        float[][] labels = new float[rows][CLASSES];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < FEATURES; c++) {
                features[r][c] = random.nextFloat() * 2 - 1;
            }
            labels[r][random.nextInt(CLASSES)] = 1f;
        }
        return new INDArray[] {Nd4j.create(features), Nd4j.create(labels)};
    }
}
