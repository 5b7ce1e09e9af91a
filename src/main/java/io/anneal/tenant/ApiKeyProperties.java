package io.anneal.tenant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callers authenticate.
 *
 * @param adminKey the first admin key (ANNEAL_ADMIN_KEY, at least 20 characters); when empty, one is
 *        generated at the first start of a database without an admin key and printed once
 * @param cacheTtl how long a verified key is trusted without reading it again; a revocation reaches
 *        every replica at once through PostgreSQL NOTIFY, this only bounds a lost notification
 * @param openMetrics serve {@code /actuator/prometheus} without a key on the service's port (the
 *        management port, when one is configured, serves it without a key anyway)
 * @param anonymousRole the role of requests without a key, acting for the default tenant; empty (the
 *        default) refuses them. For a machine of one user that wants no key at all, never on a shared
 *        network: {@code viewer} shows everything of the default tenant to anyone who reaches the port
 */
@Validated
@ConfigurationProperties("anneal.api-keys")
record ApiKeyProperties(String adminKey, @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("false") boolean openMetrics, Role anonymousRole) {

    ApiKeyProperties {
        if (anonymousRole == Role.ADMIN) {
            throw new IllegalArgumentException("anneal.api-keys.anonymous-role may be viewer or member, never admin: "
                    + "anyone reaching the port could make keys and tenants");
        }
        if (adminKey != null && !adminKey.isBlank() && (adminKey.strip().length() < 20 || adminKey.strip().length() > 200)) {
            throw new IllegalArgumentException("ANNEAL_ADMIN_KEY (anneal.api-keys.admin-key) must be 20 to 200 "
                    + "characters; 'openssl rand -base64 32' makes a good one");
        }
        if (adminKey != null && ApiKeyFormat.parse(adminKey.strip()).isPresent()) {
            throw new IllegalArgumentException("ANNEAL_ADMIN_KEY (anneal.api-keys.admin-key) has the form of a key "
                    + "made through the API (ak_...); configure a secret of your own");
        }
    }

    boolean hasAdminKey() {
        return adminKey != null && !adminKey.isBlank();
    }
}
