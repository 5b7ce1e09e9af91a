package io.anneal.artifact;

import java.util.Objects;

/**
 * A trained model file: an opaque {@code location} that only the training module resolves, the SHA-256
 * of its bytes (also its HTTP ETag) and its size.
 */
public record ModelRef(String location, String sha256, long bytes) {

    public ModelRef {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
    }
}
