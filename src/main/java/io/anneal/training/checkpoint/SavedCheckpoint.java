package io.anneal.training.checkpoint;

import io.anneal.training.TrainingPosition;
import java.time.Instant;

/** A checkpoint on disk: where, its SHA-256, and the training position it resumes at. */
public record SavedCheckpoint(String path, String sha256, TrainingPosition position, Instant savedAt) {
}
