package io.anneal.bench;

import io.anneal.training.internal.data.DataProperties;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The real digits benchmarks train on: {@code mnist-10k}, bundled with Anneal. */
final class BenchData {

    private BenchData() {
    }

    /** One ND4J and BLAS thread, as the service trains each job. */
    static void oneNd4jThread() {
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
        org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(1);
    }

    /** The IDX files of the bundled mnist-10k in the source tree, for the PyTorch side. */
    static final Path MNIST_FOLDER = Path.of("src/main/resources/datasets/mnist-10k");

    /** The bundled mnist-10k, and any dataset folder under {@code ANNEAL_DATA_ROOT} (default {@code data}). */
    static DatasetCatalog catalog() {
        String root = System.getenv().getOrDefault("ANNEAL_DATA_ROOT", "data");
        return new DatasetCatalog(new DataProperties(root, List.of(), false, URI.create("http://127.0.0.1:9/"), true));
    }

    static Dataset mnist10k() {
        return catalog().dataset("mnist-10k");
    }

    /** {@code count} consecutive minibatches of the paper's size from the training split, built once. */
    static java.util.List<org.nd4j.linalg.api.ndarray.INDArray[]> batches(Dataset digits, int count) {
        java.util.List<org.nd4j.linalg.api.ndarray.INDArray[]> batches = new java.util.ArrayList<>();
        for (int b = 0; b < count; b++) {
            int[] rows = new int[PaperNetwork.BATCH];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (b * PaperNetwork.BATCH + i) % digits.trainExamples();
            }
            batches.add(new org.nd4j.linalg.api.ndarray.INDArray[] {
                    org.nd4j.linalg.factory.Nd4j.pullRows(digits.trainFeatures(), 1, rows),
                    org.nd4j.linalg.factory.Nd4j.pullRows(digits.trainLabels(), 1, rows)});
        }
        return batches;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
