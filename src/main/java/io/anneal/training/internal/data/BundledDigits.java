package io.anneal.training.internal.data;

import io.anneal.dataset.IdxFiles;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code mnist-10k}: 8,000 + 1,000 real MNIST digits shipped inside Anneal (classpath
 * {@code datasets/mnist-10k/}, with their provenance and licence), so the examples run offline.
 */
final class BundledDigits {

    static final String NAME = "mnist-10k";
    static final String LOCATION = "classpath:datasets/" + NAME;

    private BundledDigits() {
    }

    static Dataset load() throws IOException {
        float[][] trainImages = IdxFiles.readImages(MnistFolder.TRAIN_IMAGES + ".gz", open(MnistFolder.TRAIN_IMAGES));
        int[] trainLabels = IdxFiles.readLabels(MnistFolder.TRAIN_LABELS + ".gz", open(MnistFolder.TRAIN_LABELS));
        float[][] testImages = IdxFiles.readImages(MnistFolder.TEST_IMAGES + ".gz", open(MnistFolder.TEST_IMAGES));
        int[] testLabels = IdxFiles.readLabels(MnistFolder.TEST_LABELS + ".gz", open(MnistFolder.TEST_LABELS));
        return MnistFolder.dataset(NAME, trainImages, trainLabels, testImages, testLabels);
    }

    private static InputStream open(String file) throws IOException {
        String resource = "/datasets/" + NAME + "/" + file + ".gz";
        InputStream in = BundledDigits.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("the bundled file " + resource + " is missing from this build");
        }
        return in;
    }
}
