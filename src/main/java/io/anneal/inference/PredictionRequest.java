package io.anneal.inference;

import java.util.List;

/**
 * Instances to classify: either {@code instances}, rows of numbers scaled as in training ([0, 1] for
 * MNIST), or {@code images}, base64 PNGs of 28 x 28 greyscale digits (0-255, white on black).
 */
public record PredictionRequest(List<float[]> instances, List<String> images) {
}
