package io.anneal.training.internal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A validation split held out of a dataset's training split: in each class, {@code round(fraction * n)}
 * rows chosen by the seed (at least one when the class has two or more rows, never its last one), so
 * the classes keep their proportions (a dataset of values or of per-step labels is one stratum). The rows left train; the test split is untouched. A pure
 * function of the dataset, the fraction and the seed, so a resumed run holds out the same rows. The
 * shared dataset is not copied: training goes through {@code trainingRows}, indices into its training
 * split; only the held-out rows are copied.
 *
 * @param trainingRows the rows of the dataset's training split that train, ascending
 */
public record ValidationSplit(int[] trainingRows, INDArray features, INDArray labels) {

    /** Mixed into the seed so the choice of rows does not correlate with the shuffling of minibatches. */
    private static final long SALT = 0x5DEECE66DL;

    public int examples() {
        return (int) features.size(0);
    }

    /** Why {@code fraction} cannot split {@code data}'s training split (no rows held out, or none left), if so. */
    public static Optional<String> refusal(Dataset data, double fraction) {
        long[] counts = new long[strataOf(data)];
        for (int c : stratumOfRows(data)) {
            counts[c]++;
        }
        long held = 0;
        for (long n : counts) {
            held += heldOut(n, fraction);
        }
        if (held == 0 || held == data.trainExamples()) {
            return Optional.of("a validation fraction of " + fraction + " leaves "
                    + (held == 0 ? "no validation rows" : "no training rows") + " of the "
                    + data.trainExamples() + " in dataset '" + data.name() + "'");
        }
        return Optional.empty();
    }

    /** Rows are stratified by class when each has one; rows of values or of per-step labels form one stratum. */
    private static int strataOf(Dataset data) {
        return data.target() == Target.CLASS ? data.classes() : 1;
    }

    private static int[] stratumOfRows(Dataset data) {
        return data.target() == Target.CLASS ? data.trainLabels().argMax(1).toIntVector()
                : new int[data.trainExamples()];
    }

    private static int heldOut(long rows, double fraction) {
        int take = (int) Math.min(Math.round(fraction * rows), rows - 1);
        return take <= 0 ? (rows >= 2 ? 1 : 0) : take;
    }

    /** @throws IllegalArgumentException if the held-out or the remaining rows would be none */
    public static ValidationSplit carve(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), was " + fraction);
        }
        int[] classOf = stratumOfRows(data);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < strataOf(data); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int row = 0; row < classOf.length; row++) {
            byClass.get(classOf[row]).add(row);
        }
        Random random = new Random(seed ^ SALT);
        boolean[] held = new boolean[classOf.length];
        int heldCount = 0;
        for (List<Integer> rows : byClass) {
            int take = heldOut(rows.size(), fraction);
            for (int i = 0; i < take; i++) {
                int j = i + random.nextInt(rows.size() - i);
                int chosen = rows.get(j);
                rows.set(j, rows.get(i));
                rows.set(i, chosen);
                held[chosen] = true;
                heldCount++;
            }
        }
        if (heldCount == 0 || heldCount == classOf.length) {
            throw new IllegalArgumentException(refusal(data, fraction).orElseThrow());
        }
        int[] validationRows = new int[heldCount];
        int[] trainingRows = new int[classOf.length - heldCount];
        for (int row = 0, v = 0, t = 0; row < classOf.length; row++) {
            if (held[row]) {
                validationRows[v++] = row;
            } else {
                trainingRows[t++] = row;
            }
        }
        return new ValidationSplit(trainingRows, Nd4j.pullRows(data.trainFeatures(), 1, validationRows),
                Nd4j.pullRows(data.trainLabels(), 1, validationRows));
    }
}
