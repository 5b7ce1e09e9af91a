package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchRowsTests {

    private final INDArray features = Nd4j.arange(0, 30).castTo(DataType.FLOAT).reshape(10, 3).dup('c');
    private final INDArray labels = Nd4j.arange(100, 120).castTo(DataType.FLOAT).reshape(10, 2).dup('c');

    @Test
    void gathersTheRowsInTheGivenOrderAsPullRowsDoes() {
        int[] rows = {7, 0, 3, 3};
        INDArray[] batch = new MinibatchRows(features, labels).gather(rows);
        assertThat(batch[0]).isEqualTo(Nd4j.pullRows(features, 1, rows));
        assertThat(batch[1]).isEqualTo(Nd4j.pullRows(labels, 1, rows));
    }

    @Test
    void reusesOneArrayPairPerBatchSize() {
        MinibatchRows gather = new MinibatchRows(features, labels);
        INDArray[] first = gather.gather(new int[] {1, 2});
        INDArray[] second = gather.gather(new int[] {4, 5});
        INDArray[] shorter = gather.gather(new int[] {9});
        assertThat(second[0]).isSameAs(first[0]);
        assertThat(second[0].toDoubleMatrix()).isEqualTo(new double[][] {{12, 13, 14}, {15, 16, 17}});
        assertThat(shorter[0]).isNotSameAs(first[0]);
        assertThat(shorter[1].toDoubleVector()).containsExactly(118, 119);
    }

    @Test
    void matricesThatAreNotWholeRowMajorFloatArraysFallBackToPullRows() {
        INDArray columnMajor = features.dup('f');
        INDArray doubles = labels.castTo(DataType.DOUBLE);
        INDArray[] batch = new MinibatchRows(columnMajor, doubles).gather(new int[] {2, 8});
        assertThat(batch[0]).isEqualTo(Nd4j.pullRows(features, 1, new int[] {2, 8}));
        assertThat(batch[1]).isEqualTo(Nd4j.pullRows(doubles, 1, new int[] {2, 8}));
    }

    @Test
    void gatheredRowsAreTaggedAsCurrentOnTheHostSoADeviceCopiesThem() {
        RecordingAffinity affinity = new RecordingAffinity();
        INDArray features = Nd4j.rand(DataType.FLOAT, 10, 4);
        INDArray labels = Nd4j.rand(DataType.FLOAT, 10, 3);
        INDArray[] batch = new MinibatchRows(features, labels, affinity.hostWrites()).gather(new int[] {3, 1});
        assertThat(affinity.taggedOnHost(batch[0])).isTrue();
        assertThat(affinity.taggedOnHost(batch[1])).isTrue();
        assertThat(batch[0].getRow(1)).isEqualTo(features.getRow(1));
    }
}
