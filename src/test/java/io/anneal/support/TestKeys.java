package io.anneal.support;

import io.anneal.tenant.Caller;
import io.anneal.tenant.Role;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The admin key of the test profile, sent by every MockMvc request that sets no Authorization header of
 * its own, so tests of other things act as the default tenant's admin. Tests of keys and tenants build
 * requests without it.
 */
@AutoConfiguration
public class TestKeys {

    /** {@code anneal.api-keys.admin-key} in application-test.yml. */
    public static final String ADMIN = "test-admin-key-0123456789abcdef";

    /**
     * Makes the calling thread act as the default tenant's admin, as a request with {@link #ADMIN} would,
     * for tests that call services directly; undo with {@link #actAsNobody()}.
     */
    public static void actAsDefaultAdmin() {
        actAs("default");
    }

    /** As {@link #actAsDefaultAdmin()}, for an admin of {@code tenant} (which must exist). */
    public static void actAs(String tenant) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(
                new Caller("configured-admin", tenant, Role.ADMIN, "test"), null, "ROLE_ADMIN"));
    }

    public static void actAsNobody() {
        SecurityContextHolder.clearContext();
    }

    public static String bearer(String key) {
        return "Bearer " + key;
    }

    @Bean
    MockMvcBuilderCustomizer adminKeyByDefault() {
        return builder -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
                .header(HttpHeaders.AUTHORIZATION, bearer(ADMIN)));
    }
}
