package io.anneal.tenant;

import io.anneal.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem responses of authentication, written before any controller runs: 401 with a
 * {@code WWW-Authenticate} challenge (RFC 6750), 403 for a role that may not do this, 429 with
 * {@code Retry-After}. Every refused key is counted and logged by its reason, never with the key.
 */
@Component
class SecurityAnswers {

    private static final Logger log = LoggerFactory.getLogger(SecurityAnswers.class);
    /** As the API's other 503s of an unreachable database. */
    private static final int RETRY_AFTER_SECONDS = 5;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    SecurityAnswers(JsonMapper json, ApplicationEventPublisher events) {
        this.json = json;
        this.events = events;
    }

    /** No key was sent where one is needed (Spring Security's entry point). */
    void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        refused(request, response, ApiKeyVerifier.Rejection.MISSING);
    }

    void refused(HttpServletRequest request, HttpServletResponse response, ApiKeyVerifier.Rejection reason)
            throws IOException {
        events.publishEvent(new ApiKeyRejected(reason.tag()));
        log.info("Refused {} {} from {}: API key {}", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr(), reason.tag());
        String detail = switch (reason) {
            case MISSING -> "This needs an API key: send it as 'Authorization: Bearer <key>'.";
            case MALFORMED -> "The Authorization header must be 'Bearer <key>' with the key as it was given.";
            case UNKNOWN -> "The API key is not valid.";
            case REVOKED -> "The API key has been revoked; ask an admin of your tenant for a new one.";
        };
        String challenge = reason == ApiKeyVerifier.Rejection.MISSING ? "Bearer realm=\"anneal\""
                : "Bearer realm=\"anneal\", error=\"invalid_token\", error_description=\"" + detail + "\"";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail,
                Map.of());
    }

    /** The key's role may not do this. */
    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        log.info("Refused {} {} from {}: role may not", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr());
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Not allowed for this key",
                "This key's role may not do this: viewers read, members also submit, change and delete within "
                        + "their tenant, admins also manage tenants and keys.", Map.of());
    }

    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, long seconds, double rate)
            throws IOException {
        events.publishEvent(new QuotaRefused(Quota.REQUESTS_PER_SECOND));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
                "This key may send " + rate + " requests per second; retry after " + seconds + " s.",
                Map.of("quota", Quota.REQUESTS_PER_SECOND.json(), "limit", rate));
    }

    /** A key not verified before the database became unreachable cannot be checked until it is back. */
    void databaseUnavailable(HttpServletRequest request, HttpServletResponse response, RuntimeException e)
            throws IOException {
        log.debug("Answered 503 to {} {}: the key cannot be checked without the database: {}", request.getMethod(),
                request.getRequestURI(), e.getMessage());
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                "The service cannot reach its database right now, so it cannot check this API key; try again in "
                        + RETRY_AFTER_SECONDS + " s.", Map.of());
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
            String title, String detail, Map<String, Object> more) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.type(slug).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        body.putAll(more);
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
