package io.anneal.tenant;

import io.anneal.web.Problems;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problem responses of tenants, keys and quotas (a quota refusal is a 429 from any module). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TenantProblemAdvice {

    private final ApplicationEventPublisher events;

    TenantProblemAdvice(ApplicationEventPublisher events) {
        this.events = events;
    }

    @ExceptionHandler
    ProblemDetail quotaExceeded(QuotaExceededException e) {
        events.publishEvent(new QuotaRefused(e.quota()));
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Quota exceeded",
                e.getMessage());
        problem.setProperty("quota", e.quota().json());
        problem.setProperty("limit", e.limit());
        problem.setProperty("used", e.used());
        problem.setProperty("requested", e.requested());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail tenantNotFound(TenantNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "tenant-not-found", "Tenant not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail keyNotFound(KeyNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "key-not-found", "API key not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail tenantConflict(TenantConflictException e) {
        return Problems.of(HttpStatus.CONFLICT, "tenant-exists", "Tenant exists", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidTenantRequestException e) {
        return Problems.invalidFields(HttpStatus.BAD_REQUEST, "invalid-tenant-request", "Invalid tenant request",
                e.errors());
    }
}
