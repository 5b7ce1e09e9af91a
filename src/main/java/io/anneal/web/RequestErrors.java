package io.anneal.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * The problems of a malformed request (body, content type, path and query parameters), each naming the
 * field or parameter and what it must be, in plain words: no Java type or library name reaches a user.
 */
final class RequestErrors {

    static final String MALFORMED = "malformed-request";
    static final String MALFORMED_TITLE = "Malformed request";

    private RequestErrors() {
    }

    static ProblemDetail invalidBody(InvalidRequestBodyException e) {
        if (e.errors().isEmpty()) {
            return Problems.of(HttpStatus.BAD_REQUEST, MALFORMED, MALFORMED_TITLE, e.getMessage());
        }
        return Problems.invalidFields(HttpStatus.BAD_REQUEST, MALFORMED, MALFORMED_TITLE, e.errors());
    }

    /** A body the converter could not read although its shape was checked, or one no check saw. */
    static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return Problems.invalidFields(HttpStatus.BAD_REQUEST, MALFORMED, MALFORMED_TITLE,
                    List.of(new Problems.FieldError(field, "has a value this field cannot take")));
        }
        String reason = cause instanceof JacksonException jackson ? JsonErrors.plain(jackson)
                : "a JSON body is required";
        return Problems.of(HttpStatus.BAD_REQUEST, MALFORMED, MALFORMED_TITLE,
                "The request body is not valid JSON: " + reason);
    }

    static ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException ex) {
        String sent = ex.getContentType() == null ? "no Content-Type" : "Content-Type " + ex.getContentType();
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Send JSON",
                "The request came with " + sent + "; send the body as JSON with the header "
                        + "'Content-Type: application/json'.");
    }

    static ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
        Class<?> type = ex.getRequiredType();
        String value = String.valueOf(ex.getValue());
        String rule;
        if (type != null && type.isEnum()) {
            rule = "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } else if (type == UUID.class) {
            rule = "must be an id such as 7f000000-0000-0000-0000-000000000000";
        } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            rule = "must be a whole number";
        } else {
            rule = "has the wrong form";
        }
        return Problems.invalidFields(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                List.of(new Problems.FieldError(ex.getName(), rule + "; was '" + value + "'")));
    }

    static ProblemDetail invalidParameters(HandlerMethodValidationException ex) {
        List<Problems.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? fieldError.getField() : name;
                errors.add(new Problems.FieldError(field, plainRule(error) + "; was " + result.getArgument()));
            }
        });
        return Problems.invalidFields(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", errors);
    }

    static ProblemDetail unknownParameters(UnknownParameterException e) {
        return Problems.invalidFields(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.names().stream().map(name -> new Problems.FieldError(name, "is not a parameter of this endpoint; "
                        + (e.known().isEmpty() ? "it takes none" : "it takes " + String.join(", ", e.known()))))
                        .toList());
    }

    private static String plainRule(MessageSourceResolvable error) {
        String message = error.getDefaultMessage() == null ? "is not allowed" : error.getDefaultMessage();
        return message.toLowerCase(Locale.ROOT).startsWith("must") ? message : "must be valid: " + message;
    }
}
