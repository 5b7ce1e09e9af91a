package io.anneal.training.internal.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, learnable stand-in for MNIST (784 features, 10 classes) for fast tests and smoke runs:
 * each class is a fixed random prototype image, each example a noisy copy of its class's prototype.
 */
final class SyntheticDigits {

    static final String NAME = "synthetic";
    static final int FEATURES = 784;
    static final int CLASSES = 10;
    static final int TRAIN = 1000;
    static final int TEST = 200;

    private SyntheticDigits() {
    }

    static Dataset generate() {
        SplittableRandom random = new SplittableRandom(20151119L);
        float[][] prototypes = new float[CLASSES][FEATURES];
        for (float[] prototype : prototypes) {
            for (int p = 0; p < FEATURES; p++) {
                prototype[p] = random.nextDouble() < 0.2 ? 1f : 0f;
            }
        }
        int[] trainLabels = new int[TRAIN];
        float[][] train = examples(prototypes, trainLabels, random);
        int[] testLabels = new int[TEST];
        float[][] test = examples(prototypes, testLabels, random);
        return Dataset.images(NAME, Nd4j.create(train), MnistFolder.oneHot(trainLabels), Nd4j.create(test),
                MnistFolder.oneHot(testLabels), Dataset.DIGIT);
    }

    private static float[][] examples(float[][] prototypes, int[] labels, SplittableRandom random) {
        float[][] rows = new float[labels.length][FEATURES];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % CLASSES;
            for (int p = 0; p < FEATURES; p++) {
                float noisy = prototypes[labels[i]][p] + (float) (0.35 * random.nextGaussian());
                rows[i][p] = Math.min(1f, Math.max(0f, noisy));
            }
        }
        return rows;
    }
}
