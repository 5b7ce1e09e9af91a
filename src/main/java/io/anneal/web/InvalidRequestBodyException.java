package io.anneal.web;

import java.util.List;

/** A request body that is not JSON, or whose fields do not have the shapes the request needs. */
public class InvalidRequestBodyException extends RuntimeException {

    private final List<Problems.FieldError> errors;

    InvalidRequestBodyException(String message, List<Problems.FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    static InvalidRequestBodyException notJson(String reason) {
        return new InvalidRequestBodyException("The request body is not valid JSON: " + reason, List.of());
    }

    static InvalidRequestBodyException wrongShapes(List<Problems.FieldError> errors) {
        return new InvalidRequestBodyException(errors.size() == 1 ? errors.get(0).field() + ": "
                + errors.get(0).message() : errors.size() + " fields are invalid", errors);
    }

    public List<Problems.FieldError> errors() {
        return errors;
    }
}
