package io.anneal.job;

import java.util.UUID;

/** A running job was asked to stop at its next step and keep its model as it is then. */
public record JobStopRequested(UUID jobId) {
}
