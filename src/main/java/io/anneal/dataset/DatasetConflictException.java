package io.anneal.dataset;

/** The upload or deletion conflicts with a dataset's state: the name is taken, or a job needs it. */
public class DatasetConflictException extends RuntimeException {

    private final String name;

    DatasetConflictException(String name, String message) {
        super(message);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
