package io.anneal.web;

import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every failure into {@code application/problem+json}: unreadable bodies name the offending
 * field, an unreachable database is a 503, anything unexpected a logged 500 without internals. Modules
 * answer their own exceptions in advices ordered before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    static String tooLargeJson(String instance, long limit) {
        return """
                {"type":"%stoo-large","title":"Request body too large","status":413,\
                "detail":"The request body is larger than %d bytes.","instance":"%s"}"""
                .formatted(Problems.BASE, limit, instance.replace("\"", ""));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable tooLarge = ex.getMostSpecificCause();
        if (tooLarge instanceof RequestSizeLimitFilter.BodyTooLargeException large) {
            ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large",
                    "The request body is larger than " + large.limit + " bytes.");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body",
                describe(ex));
        fieldOf(ex).ifPresent(field -> problem.setProperty("errors", List.of(new Problems.FieldError(field,
                originalMessage(ex)))));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessException.class})
    ProblemDetail databaseUnavailable(RuntimeException ex) {
        log.warn("Database unavailable: {}", ex.getMessage());
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "The job database is unreachable; retry shortly. Nothing was changed.");
    }

    @ExceptionHandler(ConcurrencyFailureException.class)
    ProblemDetail concurrentChange(ConcurrencyFailureException ex) {
        log.info("Concurrent change answered 409: {}", ex.getMessage());
        return Problems.of(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "The resource changed while the request was processed; retry.");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected error answering a request", ex);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "An internal error occurred; it has been logged.");
    }

    private static String describe(HttpMessageNotReadableException ex) {
        return fieldOf(ex).map(field -> field + ": " + originalMessage(ex))
                .orElse("The request body is not valid JSON for this endpoint: " + originalMessage(ex));
    }

    private static String originalMessage(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof JacksonException jackson) {
            String message = jackson.getOriginalMessage();
            int details = message.indexOf(" (for ");
            String plain = details > 0 ? message.substring(0, details) : message;
            return plain.replaceAll("`(?:[a-z0-9_]+\\.)+([A-Za-z0-9_$]+)`", "`$1`")
                    .replaceAll("\\(class (?:[a-z0-9_]+\\.)+([A-Za-z0-9_$]+)\\)", "(in $1)");
        }
        return "unreadable body";
    }

    private static java.util.Optional<String> fieldOf(HttpMessageNotReadableException ex) {
        if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String path = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return java.util.Optional.of(path);
        }
        return java.util.Optional.empty();
    }

}
