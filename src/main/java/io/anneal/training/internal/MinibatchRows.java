package io.anneal.training.internal;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gathers a minibatch's rows of a features and a labels matrix into arrays kept for the whole run (one
 * pair per batch size), instead of a freshly allocated pair per update: at a millisecond per update
 * the allocation, page faults and later release of 400 KB of native memory were 15 % of the step.
 * The returned arrays are overwritten by the next call. Matrices that are not whole, row-major float
 * arrays are gathered with {@code Nd4j.pullRows} instead.
 */
final class MinibatchRows {

    private final INDArray features;
    private final INDArray labels;
    private final FloatBuffer featureRows;
    private final FloatBuffer labelRows;
    private final Map<Integer, INDArray[]> bySize = new HashMap<>();
    private final HostWrites host;

    MinibatchRows(INDArray features, INDArray labels) {
        this(features, labels, HostWrites.ND4J);
    }

    MinibatchRows(INDArray features, INDArray labels, HostWrites host) {
        this.features = features;
        this.labels = labels;
        this.host = host;
        this.featureRows = hostRows(features, host);
        this.labelRows = hostRows(labels, host);
    }

    /** {@code [features, labels]} of the given rows, in their order. */
    INDArray[] gather(int[] rows) {
        if (featureRows == null || labelRows == null) {
            return new INDArray[] {Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(labels, 1, rows)};
        }
        INDArray[] batch = bySize.computeIfAbsent(rows.length, size -> new INDArray[] {
                Nd4j.createUninitializedDetached(DataType.FLOAT, size, features.size(1)),
                Nd4j.createUninitializedDetached(DataType.FLOAT, size, labels.size(1))});
        copyRows(featureRows, batch[0], rows);
        copyRows(labelRows, batch[1], rows);
        return batch;
    }

    private void copyRows(FloatBuffer source, INDArray target, int[] rows) {
        int width = Math.toIntExact(target.size(1));
        host.write(target, out -> {
            for (int r = 0; r < rows.length; r++) {
                out.put(r * width, source, rows[r] * width, width);
            }
        });
    }

    private static FloatBuffer hostRows(INDArray matrix, HostWrites host) {
        boolean whole = matrix.dataType() == DataType.FLOAT && matrix.ordering() == 'c' && !matrix.isView()
                && matrix.offset() == 0 && matrix.data().length() == matrix.length() && matrix.rank() == 2
                && matrix.length() < Integer.MAX_VALUE;
        return whole ? host.readable(matrix) : null;
    }
}
