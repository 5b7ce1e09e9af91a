package io.anneal.training.data;

/**
 * What the catalog knows of a dataset without loading it. Counts are null until the dataset has been
 * loaded once; {@code available} is false for a dataset that must be downloaded first.
 */
public record DatasetInfo(String name, String source, String location, boolean available, int features,
        int classes, Integer trainExamples, Integer testExamples) {
}
