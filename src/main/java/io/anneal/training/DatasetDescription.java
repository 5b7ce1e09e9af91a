package io.anneal.training;

import java.time.Instant;
import java.util.List;

/**
 * What is known of a dataset without loading it. Counts of a built-in one are null until it has been
 * loaded once; {@code available} is false for a dataset that must be downloaded first. {@code shape}
 * is that of one example ({@code [height, width, 1]} for images, {@code [features]} for a table,
 * {@code [steps, features]} for a sequence), {@code features} the length of its flattened row,
 * {@code labels} the class labels in class-index order, {@code target} what is predicted: a
 * {@code class}, a {@code value}, or a class at each step ({@code classPerStep}); uploads also carry
 * their feature names, size, SHA-256, time of upload and whether their features are standardised.
 */
public record DatasetDescription(String name, String source, String location, boolean available, int features,
        int classes, Integer trainExamples, Integer testExamples, String format, List<Integer> shape,
        List<String> labels, List<String> featureNames, Long bytes, String sha256, Instant createdAt,
        boolean standardized, String target) {
}
