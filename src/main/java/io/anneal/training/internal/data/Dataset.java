package io.anneal.training.internal.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded dataset: features scaled to [0, 1], one-hot labels. Shared read-only between workers;
 * never modify the arrays in place.
 */
public record Dataset(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
        INDArray testLabels) {

    public int features() {
        return (int) trainFeatures.size(1);
    }

    public int classes() {
        return (int) trainLabels.size(1);
    }

    public int trainExamples() {
        return (int) trainFeatures.size(0);
    }

    public int testExamples() {
        return (int) testFeatures.size(0);
    }
}
