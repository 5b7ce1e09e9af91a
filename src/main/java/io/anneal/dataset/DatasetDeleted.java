package io.anneal.dataset;

/** An uploaded dataset was deleted: whoever holds it loaded lets it go. */
public record DatasetDeleted(String name) {
}
