package io.anneal.spec;

/** Names a dataset of the catalog, e.g. {@code mnist-10k}. */
public record DatasetRef(String name) {
}
