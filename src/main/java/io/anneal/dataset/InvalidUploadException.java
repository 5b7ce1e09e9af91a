package io.anneal.dataset;

/**
 * An upload that cannot become a dataset; {@code field} names the request field, file, line or zip
 * entry at fault (e.g. {@code file: line 7} or {@code file: entry ../evil}).
 */
public class InvalidUploadException extends RuntimeException {

    private final String field;

    public InvalidUploadException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
