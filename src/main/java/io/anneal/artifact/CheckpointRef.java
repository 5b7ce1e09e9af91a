package io.anneal.artifact;

import java.time.Instant;
import java.util.Objects;

/**
 * A saved checkpoint as other modules see it: an opaque {@code token} that only the training module
 * understands (where the file is, its SHA-256, the exact training position), plus the update count and
 * epoch it resumes at and when it was saved, which the job shows to users.
 */
public record CheckpointRef(String token, long step, int epoch, Instant savedAt) {

    public CheckpointRef {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
