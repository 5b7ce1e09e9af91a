package io.anneal.tenant;

import io.anneal.web.Problems;
import java.util.List;

/** A tenant or key request with fields that cannot be used, each named with the reason. */
class InvalidTenantRequestException extends RuntimeException {

    private final List<Problems.FieldError> errors;

    InvalidTenantRequestException(List<Problems.FieldError> errors) {
        super(errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    static InvalidTenantRequestException of(String field, String message) {
        return new InvalidTenantRequestException(List.of(new Problems.FieldError(field, message)));
    }

    List<Problems.FieldError> errors() {
        return errors;
    }
}
