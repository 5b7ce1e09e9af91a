package io.anneal.training.internal.trained;

import io.anneal.training.internal.data.Dataset;
import java.util.Arrays;

/**
 * How a model's inputs were scaled in training, so the same is done to what it is asked: images were
 * divided by 255 and come in [0, 1] ({@link Kind#PIXELS}); a table was used as it is
 * ({@link Kind#IDENTITY}) or standardised: each feature's training-split {@code mean} subtracted and
 * divided by its {@code std} ({@link Kind#STANDARDIZE}).
 */
public record InputScaling(Kind kind, double[] mean, double[] std) {

    public static final InputScaling PIXELS = new InputScaling(Kind.PIXELS, null, null);
    public static final InputScaling IDENTITY = new InputScaling(Kind.IDENTITY, null, null);

    /** The three ways. */
    public enum Kind { PIXELS, IDENTITY, STANDARDIZE }

    /** The scaling a dataset's features went through. */
    public static InputScaling of(Dataset data) {
        if (data.standardized()) {
            return new InputScaling(Kind.STANDARDIZE, data.mean(), data.std());
        }
        return data.isImage() ? PIXELS : IDENTITY;
    }

    public boolean standardizes() {
        return kind == Kind.STANDARDIZE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputScaling that && kind == that.kind && Arrays.equals(mean, that.mean)
                && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return standardizes() ? "standardize(" + mean.length + " features)" : kind.name().toLowerCase();
    }
}
