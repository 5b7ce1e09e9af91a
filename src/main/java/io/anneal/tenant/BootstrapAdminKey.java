package io.anneal.tenant;

import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first admin key, so a new installation can be used at all: the one configured
 * (ANNEAL_ADMIN_KEY), stored as the default tenant's key {@code configured-admin}; or, when none is
 * configured and the database has no admin key yet, a generated one printed once. Replicas starting
 * together take turns, so only one generates it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BootstrapAdminKey implements ApplicationRunner {

    static final String TENANT = "default";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);
    private static final int MIN_LENGTH = 20;
    private final ApiKeyStore keys;
    private final ApiKeys apiKeys;
    private final ApiKeyVerifier verifier;
    private final ApiKeyProperties properties;

    BootstrapAdminKey(ApiKeyStore keys, ApiKeys apiKeys, ApiKeyVerifier verifier, ApiKeyProperties properties) {
        this.keys = keys;
        this.apiKeys = apiKeys;
        this.verifier = verifier;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (properties.anonymousRole() != null) {
            log.info("Requests without a key act as {} of tenant '{}' (anneal.api-keys.anonymous-role): for a "
                    + "machine of one user, never a shared network", properties.anonymousRole().json(), TENANT);
        }
        keys.lockBootstrap();
        if (properties.hasAdminKey()) {
            configured(properties.adminKey().strip());
        } else if (!keys.anyActiveAdmin()) {
            KeyView created = apiKeys.create(TENANT, new KeyRequest("first admin key", Role.ADMIN));
            log.info("""
                    No admin key was configured, so one was made; it is shown this once and never again:

                        {}

                    Send it as 'Authorization: Bearer <key>'. Use it to make keys for your tenants
                    (POST /api/v1/tenants/default/keys), or configure ANNEAL_ADMIN_KEY instead.""", created.key());
        }
    }

    private void configured(String key) {
        if (key.length() < MIN_LENGTH) {
            throw new IllegalStateException("ANNEAL_ADMIN_KEY (anneal.api-keys.admin-key) must be at least "
                    + MIN_LENGTH + " characters; 'openssl rand -base64 32' makes a good one");
        }
        if (ApiKeyFormat.parse(key).isPresent()) {
            throw new IllegalStateException("ANNEAL_ADMIN_KEY (anneal.api-keys.admin-key) has the form of a key made "
                    + "through the API (ak_...); configure a secret of your own, e.g. from 'openssl rand -base64 32'");
        }
        var stored = keys.find(ApiKeyFormat.CONFIGURED_ID);
        if (stored.isPresent() && Arrays.equals(stored.get().hash(), ApiKeyFormat.hash(stored.get().salt(), key))) {
            if (stored.get().revokedAt() != null) {
                log.info("The configured admin key was revoked through the API and stays revoked; configure a "
                        + "new ANNEAL_ADMIN_KEY to have one again");
            }
            return;
        }
        StoredKey fresh = apiKeys.stored(ApiKeyFormat.CONFIGURED_ID, TENANT, "configured admin key", Role.ADMIN, key);
        if (stored.isPresent()) {
            keys.replace(fresh);
            verifier.evictAll();
            log.info("The configured admin key changed; the one configured before no longer works");
        } else {
            keys.insert(fresh);
        }
    }
}
