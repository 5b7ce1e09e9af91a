package io.anneal.training.internal.data;

import io.anneal.dataset.IdxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A folder holding the four MNIST IDX files, each plain or gzip-compressed, under the original names
 * ({@code train-images-idx3-ubyte}) or the dotted ones of some mirrors ({@code train-images.idx3-ubyte}).
 */
record MnistFolder(Path directory) {

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final String[] FILES = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};

    boolean isComplete() {
        for (String file : FILES) {
            if (find(file).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    Dataset load(String name) throws IOException {
        float[][] trainImages = IdxFiles.readImages(require(TRAIN_IMAGES));
        int[] trainLabels = IdxFiles.readLabels(require(TRAIN_LABELS));
        float[][] testImages = IdxFiles.readImages(require(TEST_IMAGES));
        int[] testLabels = IdxFiles.readLabels(require(TEST_LABELS));
        checkPairs(TRAIN_IMAGES, trainImages.length, trainLabels.length);
        checkPairs(TEST_IMAGES, testImages.length, testLabels.length);
        return dataset(name, trainImages, trainLabels, testImages, testLabels);
    }

    static Dataset dataset(String name, float[][] trainImages, int[] trainLabels, float[][] testImages,
            int[] testLabels) throws IOException {
        if (trainImages.length != trainLabels.length || testImages.length != testLabels.length) {
            throw new IOException("'" + name + "' has " + trainImages.length + " + " + testImages.length
                    + " images but " + trainLabels.length + " + " + testLabels.length + " labels");
        }
        return Dataset.images(name, Nd4j.create(trainImages), oneHot(trainLabels), Nd4j.create(testImages),
                oneHot(testLabels), Dataset.DIGIT);
    }

    static INDArray oneHot(int[] labels) {
        float[][] rows = new float[labels.length][10];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] > 9) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is not a digit");
            }
            rows[i][labels[i]] = 1f;
        }
        return Nd4j.create(rows);
    }

    private void checkPairs(String images, int imageCount, int labelCount) throws IOException {
        if (imageCount != labelCount) {
            throw new IOException(directory + ": " + images + " holds " + imageCount + " images but its labels file "
                    + labelCount + " labels");
        }
    }

    private Path require(String file) throws IOException {
        return find(file).orElseThrow(() -> new IOException(directory + " lacks " + file + "[.gz]"));
    }

    private Optional<Path> find(String file) {
        String dotted = file.replace("-idx", ".idx");
        for (String name : new String[] {file, file + ".gz", dotted, dotted + ".gz"}) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
