package io.anneal.training.internal.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded dataset: one-hot labels, and features either scaled to [0, 1] (images) or, when
 * {@code mean} and {@code std} are given, standardised with them (an uploaded table; predictions
 * standardise their inputs the same way). Shared read-only between workers; never modify the arrays
 * in place.
 */
public record Dataset(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
        INDArray testLabels, double[] mean, double[] std, int[] shape) {

    /** The shape of a 28 x 28 greyscale digit, as one example of MNIST is. */
    public static final int[] DIGIT = {28, 28, 1};

    /** A table of features (the shape of one example is the feature count). */
    public Dataset(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
            INDArray testLabels) {
        this(name, trainFeatures, trainLabels, testFeatures, testLabels, null, null,
                new int[] {(int) trainFeatures.size(1)});
    }

    /** Images of {@code shape} (height, width, channels), each flattened row-major into a row of features. */
    public static Dataset images(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
            INDArray testLabels, int[] shape) {
        return new Dataset(name, trainFeatures, trainLabels, testFeatures, testLabels, null, null, shape);
    }

    /** Whether one example is an image (height, width, channels). */
    public boolean isImage() {
        return shape.length == 3;
    }

    /** Whether the features were standardised (and raw inputs must be, too). */
    public boolean standardized() {
        return mean != null;
    }

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
