package io.anneal.tenant;

import io.anneal.database.DatabaseAvailability;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <key>} and applies its key's
 * request rate. A request without the header goes on anonymous (or, when anonymous access is
 * configured, as the default tenant's anonymous caller): the authorization rules decide whether its path
 * needs a key. A header that does not hold a valid key is refused here, whatever the path.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The key id of requests without a key when anonymous access is configured. */
    static final String ANONYMOUS = "anonymous";

    private final ApiKeyVerifier verifier;
    private final Quotas quotas;
    private final RequestRateLimiter limiter;
    private final SecurityAnswers answers;
    private final Caller anonymous;

    ApiKeyAuthenticationFilter(ApiKeyVerifier verifier, Quotas quotas, RequestRateLimiter limiter,
            SecurityAnswers answers, Role anonymousRole) {
        this.anonymous = anonymousRole == null ? null
                : new Caller(ANONYMOUS, BootstrapAdminKey.TENANT, anonymousRole, "requests without a key");
        this.verifier = verifier;
        this.quotas = quotas;
        this.limiter = limiter;
        this.answers = answers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null && (anonymous == null || !request.getRequestURI().startsWith("/api/"))) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller = anonymous;
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                answers.refused(request, response, ApiKeyVerifier.Rejection.MALFORMED);
                return;
            }
            ApiKeyVerifier.Result result;
            try {
                result = verifier.verify(header.substring(7).strip());
            } catch (RuntimeException e) {
                if (!DatabaseAvailability.isUnavailability(e)) {
                    throw e;
                }
                answers.databaseUnavailable(request, response, e);
                return;
            }
            if (result.caller() == null) {
                answers.refused(request, response, result.rejection());
                return;
            }
            caller = result.caller();
        }
        double rate;
        try {
            rate = quotas.of(caller.tenant()).requestsPerSecond();
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isUnavailability(e)) {
                throw e;
            }
            answers.databaseUnavailable(request, response, e);
            return;
        }
        long wait = limiter.secondsToWait(caller.keyId(), rate);
        if (wait > 0) {
            answers.tooManyRequests(request, response, wait, rate);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
