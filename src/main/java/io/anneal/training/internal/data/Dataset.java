package io.anneal.training.internal.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loaded dataset: labels as its {@code target} stores them (one-hot classes for classification),
 * and features either scaled to [0, 1] (images), used as they are (sequences), or, when {@code mean}
 * and {@code std} are given, standardised with them (an uploaded table; predictions standardise their
 * inputs the same way). Every example is one row of features: an image flattened row-major, a
 * sequence of {@code shape = [steps, features]} flattened time-major. Shared read-only between
 * workers; never modify the arrays in place.
 */
public record Dataset(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
        INDArray testLabels, double[] mean, double[] std, int[] shape, Target target) {

    /** A classification dataset. */
    public Dataset(String name, INDArray trainFeatures, INDArray trainLabels, INDArray testFeatures,
            INDArray testLabels, double[] mean, double[] std, int[] shape) {
        this(name, trainFeatures, trainLabels, testFeatures, testLabels, mean, std, shape, Target.CLASS);
    }

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

    /** Sequences of {@code shape = [steps, features]}, each flattened time-major into a row. */
    public static Dataset sequences(String name, INDArray trainFeatures, INDArray trainLabels,
            INDArray testFeatures, INDArray testLabels, int[] shape, Target target) {
        return new Dataset(name, trainFeatures, trainLabels, testFeatures, testLabels, null, null, shape, target);
    }

    /** Whether one example is an image (height, width, channels). */
    public boolean isImage() {
        return shape.length == 3;
    }

    /** Whether one example is a sequence (steps, features per step). */
    public boolean isSequence() {
        return shape.length == 2;
    }

    /** Time steps of one example: 1 unless it is a sequence. */
    public int steps() {
        return isSequence() ? shape[0] : 1;
    }

    /** Units of the network's output for one example (for one step of it, when each step is labelled). */
    public int outputs() {
        return target == Target.CLASS_PER_STEP ? (int) trainLabels.size(1) / steps() : (int) trainLabels.size(1);
    }

    /** Whether the features were standardised (and raw inputs must be, too). */
    public boolean standardized() {
        return mean != null;
    }

    public int features() {
        return (int) trainFeatures.size(1);
    }

    /** Classes an example (or a step of it) may have; 0 when the target is a value. */
    public int classes() {
        return target == Target.VALUE ? 0 : outputs();
    }

    public int trainExamples() {
        return (int) trainFeatures.size(0);
    }

    public int testExamples() {
        return (int) testFeatures.size(0);
    }
}
