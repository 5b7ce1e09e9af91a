package io.anneal.training.internal.data;

import io.anneal.dataset.SplitFile;
import io.anneal.dataset.StoredDataset;
import io.anneal.dataset.UploadedDatasets;
import io.anneal.training.internal.HostWrites;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads an uploaded dataset's stored splits into arrays: features written through their host memory
 * (then tagged as current, so every backend sees them), standardised with the upload's training-split
 * statistics when it asked for that, labels one-hot over its classes.
 */
final class UploadedData {

    private UploadedData() {
    }

    static Dataset load(UploadedDatasets uploads, StoredDataset stored) throws IOException {
        INDArray[] train = split(uploads, stored, false);
        INDArray[] test = split(uploads, stored, true);
        if (stored.standardized()) {
            INDArray mean = Nd4j.createFromArray(stored.mean()).castTo(DataType.FLOAT);
            INDArray std = Nd4j.createFromArray(stored.std()).castTo(DataType.FLOAT);
            for (INDArray features : new INDArray[] {train[0], test[0]}) {
                features.subiRowVector(mean).diviRowVector(std);
            }
        }
        return new Dataset(stored.name(), train[0], train[1], test[0], test[1], stored.mean(), stored.std(),
                stored.shape().stream().mapToInt(Integer::intValue).toArray());
    }

    private static INDArray[] split(UploadedDatasets uploads, StoredDataset stored, boolean test) throws IOException {
        try (SplitFile.Reader reader = uploads.open(stored, test)) {
            if (reader.features() != stored.features()) {
                throw new IOException("the stored " + (test ? "test" : "training") + " split of '" + stored.name()
                        + "' has " + reader.features() + " features, its description " + stored.features());
            }
            INDArray features = Nd4j.create(DataType.FLOAT, reader.rows(), reader.features());
            HostWrites.ND4J.write(features, buffer -> {
                try {
                    reader.readFeatures(buffer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int[] labels = reader.readLabels();
            int classes = stored.classes().size();
            float[] oneHot = new float[labels.length * classes];
            for (int row = 0; row < labels.length; row++) {
                if (labels[row] < 0 || labels[row] >= classes) {
                    throw new IOException("row " + row + " of '" + stored.name() + "' has class " + labels[row]
                            + " of " + classes);
                }
                oneHot[row * classes + labels[row]] = 1f;
            }
            return new INDArray[] {features, Nd4j.create(oneHot, new long[] {labels.length, classes}, 'c')};
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
