package io.anneal.training.model;

/** Input that does not fit a model: wrong shape, not an image, too many instances. */
public class ModelInputException extends RuntimeException {

    private final String field;

    public ModelInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
