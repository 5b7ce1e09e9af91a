package io.anneal.training.internal.trained;

import io.anneal.training.internal.data.Dataset;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /**
     * Rows scaled by {@code from} (a dataset's own scaling), as a model trained with this scaling expects
     * them: standardised rows are first taken back to raw values. Returns {@code rows} itself when
     * nothing changes, else a new array: the shared dataset arrays are never modified.
     */
    public INDArray convert(INDArray rows, InputScaling from) {
        if (equals(from) || (!standardizes() && !from.standardizes())) {
            return rows;
        }
        INDArray raw = from.standardizes() ? rows.mulRowVector(vector(from.std, rows)).addiRowVector(vector(from.mean, rows))
                : rows.dup();
        return standardizes() ? raw.subiRowVector(vector(mean, rows)).diviRowVector(vector(std, rows)) : raw;
    }

    private static INDArray vector(double[] values, INDArray like) {
        return Nd4j.createFromArray(values).castTo(like.dataType());
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
