package io.anneal.training;

/** A checkpoint that cannot be trusted: missing, unreadable or not the bytes that were written. */
public class CheckpointUnusableException extends RuntimeException {

    public CheckpointUnusableException(String message) {
        super(message);
    }
}
