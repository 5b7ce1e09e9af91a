package io.anneal.job;

import java.util.UUID;

/** A job was submitted as QUEUED; listeners after commit know its row exists. */
public record JobSubmitted(UUID jobId, String name) {
}
