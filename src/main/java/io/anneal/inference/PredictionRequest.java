package io.anneal.inference;

import java.util.List;

/**
 * Instances to predict, exactly one of: {@code instances}, rows of numbers scaled as in training
 * ([0, 1] for MNIST; an image flattened row-major, a sequence time-major); {@code images}, base64 PNGs
 * of 28 x 28 greyscale digits (0-255, white on black); or {@code sequences}, each a list of steps, each
 * step a list of that step's features.
 */
public record PredictionRequest(List<float[]> instances, List<String> images, List<List<float[]>> sequences) {

    public PredictionRequest(List<float[]> instances, List<String> images) {
        this(instances, images, null);
    }
}
