/**
 * Checkpoints of running networks: model and updater state in a ModelSerializer zip, written
 * atomically, verified by SHA-256 when read back, the newest few kept per run.
 */
package io.anneal.training.internal.checkpoint;
