package io.anneal.training.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ValidationSplitTests {

    /** 100 rows: 60 of class 0, 30 of class 1, 10 of class 2; feature 0 is the row's index. */
    private static final Dataset DATA = dataset(new int[] {60, 30, 10});

    @Test
    void holdsOutTheFractionOfEveryClassAndNothingElse() {
        ValidationSplit split = ValidationSplit.carve(DATA, 0.2, 7);

        assertThat(split.examples()).isEqualTo(20);
        assertThat(split.trainingRows()).hasSize(80).isSorted();
        assertThat(classCounts(split.labels())).containsExactly(12, 6, 2);
        assertThat(classCounts(Nd4j.pullRows(DATA.trainLabels(), 1, split.trainingRows())))
                .containsExactly(48, 24, 8);
        Set<Integer> held = rows(split.features());
        Set<Integer> trained = new HashSet<>();
        for (int row : split.trainingRows()) {
            trained.add(row);
        }
        assertThat(held).hasSize(20).doesNotContainAnyElementsOf(trained);
        assertThat(trained).hasSize(80);
    }

    @Test
    void theSameSeedHoldsOutTheSameRowsAndAnotherSeedOthers() {
        Set<Integer> first = rows(ValidationSplit.carve(DATA, 0.2, 7).features());
        assertThat(rows(ValidationSplit.carve(DATA, 0.2, 7).features())).isEqualTo(first);
        assertThat(rows(ValidationSplit.carve(DATA, 0.2, 8).features())).isNotEqualTo(first);
    }

    @Test
    void everyClassWithTwoRowsGivesAtLeastOne() {
        ValidationSplit split = ValidationSplit.carve(dataset(new int[] {98, 2}), 0.01, 1);
        assertThat(classCounts(split.labels())).containsExactly(1, 1);
    }

    @Test
    void noClassGivesUpItsLastTrainingRow() {
        ValidationSplit split = ValidationSplit.carve(dataset(new int[] {1, 2, 9}), 0.5, 1);
        assertThat(classCounts(split.labels())).containsExactly(0, 1, 5);
        assertThat(split.trainingRows()).hasSize(6);
    }

    @Test
    void aFractionThatLeavesNoValidationRowsIsRefusedWithTheReason() {
        Dataset single = dataset(new int[] {1});
        assertThat(ValidationSplit.refusal(single, 0.1)).hasValueSatisfying(reason ->
                assertThat(reason).contains("no validation rows").contains("1"));
        assertThat(ValidationSplit.refusal(DATA, 0.2)).isEmpty();
        assertThatThrownBy(() -> ValidationSplit.carve(single, 0.1, 1))
                .hasMessageContaining("leaves no validation rows");
    }

    private static Dataset dataset(int[] perClass) {
        int rows = java.util.Arrays.stream(perClass).sum();
        INDArray features = Nd4j.create(DataType.FLOAT, rows, 2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, perClass.length);
        int row = 0;
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++, row++) {
                features.putScalar(row, 0, row);
                labels.putScalar(row, c, 1);
            }
        }
        return new Dataset("counted", features, labels, features.dup(), labels.dup());
    }

    private static int[] classCounts(INDArray labels) {
        int[] counts = new int[(int) labels.size(1)];
        for (int c : labels.argMax(1).toIntVector()) {
            counts[c]++;
        }
        return counts;
    }

    private static Set<Integer> rows(INDArray features) {
        Set<Integer> ids = new HashSet<>();
        for (long i = 0; i < features.size(0); i++) {
            ids.add((int) features.getFloat(i, 0));
        }
        return ids;
    }
}
