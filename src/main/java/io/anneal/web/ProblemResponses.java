package io.anneal.web;

import io.anneal.database.DatabaseAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
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
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json}: unreadable bodies name the offending
 * field, an unreachable database is a 503, anything unexpected a logged 500 without internals. Modules
 * answer their own exceptions in advices ordered before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemResponses extends ResponseEntityExceptionHandler {

    /** What a 503 of an unreachable database asks clients to wait: about how long a failover takes to notice. */
    static final int RETRY_AFTER_SECONDS = 5;
    static final String UNAVAILABLE_DETAIL = "The service cannot reach its database right now; try again in "
            + RETRY_AFTER_SECONDS + " s. Training goes on meanwhile, and a submission sent with an Idempotency-Key "
            + "can be sent again safely.";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private final InputLimits limits;
    private final DatabaseAvailability availability;

    ProblemResponses(InputLimits limits, DatabaseAvailability availability) {
        this.limits = limits;
        this.availability = availability;
    }

    static String unavailableJson(String instance) {
        return """
                {"type":"%sdatabase-unavailable","title":"Database unavailable","status":503,\
                "detail":"%s","instance":"%s"}"""
                .formatted(Problems.BASE, UNAVAILABLE_DETAIL, instance.replace("\"", "").replace("\\", ""));
    }

    static String tooLargeJson(String instance, long limit) {
        return """
                {"type":"%stoo-large","title":"Request body too large","status":413,\
                "detail":"The request body is larger than %d bytes.","instance":"%s"}"""
                .formatted(Problems.BASE, limit, instance.replace("\"", ""));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof RequestSizeLimitFilter.BodyTooLargeException large) {
            ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request body too large",
                    "The request body is larger than " + large.limit + " bytes.");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        return handleExceptionInternal(ex, RequestErrors.unreadable(ex), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Upload too large",
                "The upload is larger than " + limits.maxUploadBytes().toBytes() + " bytes.");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    /** A multipart body the container could not read (cut short, no boundary): the client's mistake. */
    @ExceptionHandler
    ProblemDetail unreadableMultipart(MultipartException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-upload", "Malformed upload",
                "The multipart request body could not be read; send the files as multipart/form-data parts.");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, RequestErrors.unsupportedMediaType(ex), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, RequestErrors.invalidParameters(ex), headers, HttpStatus.BAD_REQUEST,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            return handleExceptionInternal(ex, RequestErrors.typeMismatch(mismatch), headers, status, request);
        }
        return super.handleTypeMismatch(ex, headers, status, request);
    }

    @ExceptionHandler
    ProblemDetail invalidBody(InvalidRequestBodyException ex) {
        return RequestErrors.invalidBody(ex);
    }

    @ExceptionHandler
    ProblemDetail unknownParameters(UnknownParameterException ex) {
        return RequestErrors.unknownParameters(ex);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
        return unavailable(ex);
    }

    /**
     * 503 with {@code Retry-After}. Logged at WARN only while the always-open connection still works
     * (then it is this replica's pool, not an outage, that failed); an outage is logged once, where it
     * is noticed ({@link DatabaseAvailability}).
     */
    private ResponseEntity<ProblemDetail> unavailable(Exception ex) {
        if (availability.reachable()) {
            log.warn("A request could not use the database although it is reachable: {}", ex.getMessage());
        } else {
            log.debug("Answered 503 during a database outage: {}", ex.getMessage());
        }
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Database unavailable", UNAVAILABLE_DETAIL);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)).body(problem);
    }

    @ExceptionHandler(ConcurrencyFailureException.class)
    ProblemDetail concurrentChange(ConcurrencyFailureException ex) {
        log.info("Concurrent change answered 409: {}", ex.getMessage());
        return Problems.of(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "The resource changed while the request was processed; retry.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        if (DatabaseAvailability.isUnavailability(ex)) {
            return unavailable(ex);
        }
        log.error("Unexpected error answering a request", ex);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "Internal error", "An internal error occurred; it has been logged."));
    }
}
