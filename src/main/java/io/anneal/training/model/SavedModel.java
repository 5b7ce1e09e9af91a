package io.anneal.training.model;

/** A model zip on disk: where, its SHA-256 and size. */
public record SavedModel(String path, String sha256, long bytes) {
}
