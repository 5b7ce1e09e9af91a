package io.anneal.training;

/** A dataset that cannot be used: unknown, unreadable, malformed or failed to download. */
public class DatasetUnavailableException extends RuntimeException {

    private final String dataset;

    public DatasetUnavailableException(String dataset, String reason, Throwable cause) {
        super("dataset '" + dataset + "' is unavailable: " + reason, cause);
        this.dataset = dataset;
    }

    public String dataset() {
        return dataset;
    }
}
