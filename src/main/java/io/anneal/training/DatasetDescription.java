package io.anneal.training;

/**
 * What is known of a dataset without loading it. Counts are null until it has been loaded once;
 * {@code available} is false for a dataset that must be downloaded first.
 */
public record DatasetDescription(String name, String source, String location, boolean available, int features,
        int classes, Integer trainExamples, Integer testExamples) {
}
