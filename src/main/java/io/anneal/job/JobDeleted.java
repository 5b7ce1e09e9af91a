package io.anneal.job;

import java.util.UUID;

/** A finished job was deleted with its curves; its files (model, checkpoints) are to go too. */
public record JobDeleted(UUID jobId) {
}
