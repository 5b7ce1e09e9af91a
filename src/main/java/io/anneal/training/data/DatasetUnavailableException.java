package io.anneal.training.data;

/** A dataset that cannot be used: unknown, unreadable, malformed or failed to download. */
public class DatasetUnavailableException extends RuntimeException {

    DatasetUnavailableException(String name, Exception cause) {
        super("dataset '" + name + "' is unavailable: " + cause.getMessage(), cause);
    }
}
