package io.anneal.training.internal.trained;

import java.util.Arrays;

/**
 * How a model's inputs were scaled in training, so the same is done to what it is asked: images were
 * divided by 255 and come in [0, 1] ({@link #PIXELS}); a standardised table had each feature's
 * training-split {@code mean} subtracted and was divided by its {@code std}.
 */
public record InputScaling(double[] mean, double[] std) {

    public static final InputScaling PIXELS = new InputScaling(null, null);

    public static InputScaling of(double[] mean, double[] std) {
        return mean == null ? PIXELS : new InputScaling(mean, std);
    }

    public boolean standardizes() {
        return mean != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputScaling that && Arrays.equals(mean, that.mean) && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return standardizes() ? "standardize(" + mean.length + " features)" : "pixels";
    }
}
