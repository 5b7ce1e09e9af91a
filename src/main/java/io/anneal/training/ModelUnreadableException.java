package io.anneal.training;

/**
 * A trained model this replica cannot read: missing from the storage it sees, the storage failed, or
 * the bytes are not the ones recorded when it was saved.
 */
public class ModelUnreadableException extends RuntimeException {

    public ModelUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
