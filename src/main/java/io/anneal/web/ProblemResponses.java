package io.anneal.web;

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

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private final InputLimits limits;

    ProblemResponses(InputLimits limits) {
        this.limits = limits;
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
}
