package io.anneal.experiment;

/** An experiment that cannot be run as asked; nothing of it is stored. */
public class InvalidExperimentException extends RuntimeException {

    private final String field;

    InvalidExperimentException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as a JSON path. */
    public String field() {
        return field;
    }
}
