package io.anneal.tenant;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The tenant the current thread acts for: the tenant of the request's API key, or, on a worker, the
 * tenant whose job it runs ({@link #callAs}). Asked for outside both it fails loudly rather than
 * guessing, since a guess would read or write another tenant's data.
 */
@Component
public class CurrentTenant {

    private static final ThreadLocal<String> BOUND = new ThreadLocal<>();

    public String id() {
        String bound = BOUND.get();
        if (bound != null) {
            return bound;
        }
        return caller().map(Caller::tenant).orElseThrow(() -> new IllegalStateException(
                "No tenant: this is neither a request with an API key nor the run of a tenant's job"));
    }

    /** The authenticated caller of the current request, if there is one. */
    public Optional<Caller> caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Optional.of(caller) : Optional.empty();
    }

    /** Runs {@code work} acting for {@code tenant}, then restores what the thread acted for before. */
    public <T> T callAs(String tenant, Supplier<T> work) {
        String before = BOUND.get();
        BOUND.set(tenant);
        try {
            return work.get();
        } finally {
            if (before == null) {
                BOUND.remove();
            } else {
                BOUND.set(before);
            }
        }
    }

    public void runAs(String tenant, Runnable work) {
        callAs(tenant, () -> {
            work.run();
            return null;
        });
    }
}
