package io.anneal.training;

/** Input that does not fit a model: wrong shape, values out of range, not an image, too many. */
public class ModelInputException extends RuntimeException {

    private final String field;

    public ModelInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, as a JSON path such as {@code instances[3]}. */
    public String field() {
        return field;
    }
}
