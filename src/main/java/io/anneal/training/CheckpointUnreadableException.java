package io.anneal.training;

/**
 * A checkpoint this replica cannot read: missing from the storage it sees, or the storage failed. Unlike
 * a checkpoint whose bytes changed, it may well be readable elsewhere or later, so the run must not start
 * again from step 0.
 */
public class CheckpointUnreadableException extends CheckpointUnusableException {

    public CheckpointUnreadableException(String message) {
        super(message);
    }
}
