package io.anneal.dataset;

import java.time.Instant;
import java.util.List;

/**
 * An uploaded dataset as described after its upload: the SHA-256 and size of what was uploaded, the
 * shape of one example ({@code [features]} for a CSV, {@code [height, width, 1]} for images), the
 * feature names (CSV), the class labels in index order, the rows per split and, when standardised,
 * each feature's mean and standard deviation over the training split. {@code trainBlob} and
 * {@code testBlob} name the stored splits.
 */
public record StoredDataset(String name, DatasetFormat format, String sha256, long bytes, Instant createdAt,
        List<Integer> shape, List<String> featureNames, List<String> classes, int trainRows, int testRows,
        double[] mean, double[] std, String trainBlob, String testBlob, UploadOptions options) {

    public int features() {
        return shape.stream().reduce(1, (a, b) -> a * b);
    }

    public boolean standardized() {
        return mean != null;
    }

    /** What the upload asked for besides its files: kept so an identical re-upload can be recognised. */
    public record UploadOptions(String label, Double testFraction, Long seed, boolean standardize, String testSha256) {
    }
}
