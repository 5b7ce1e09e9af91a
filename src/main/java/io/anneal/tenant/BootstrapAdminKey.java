package io.anneal.tenant;

import java.time.Clock;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
    private final ApiKeyStore keys;
    private final ApiKeys apiKeys;
    private final ApiKeyProperties properties;
    private final Clock clock;

    BootstrapAdminKey(ApiKeyStore keys, ApiKeys apiKeys, ApiKeyProperties properties, Clock clock) {
        this.keys = keys;
        this.apiKeys = apiKeys;
        this.properties = properties;
        this.clock = clock;
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
            return;
        }
        if (keys.revoke(ApiKeyFormat.CONFIGURED_ID, clock.instant())) {
            apiKeys.announceRevoked(ApiKeyFormat.CONFIGURED_ID);
            log.info("ANNEAL_ADMIN_KEY is no longer configured, so the admin key configured before is revoked");
        }
        if (!keys.anyActiveAdmin()) {
            KeyView created = apiKeys.create(TENANT, new KeyRequest("first admin key", Role.ADMIN));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    log.info("""
                            No admin key was configured, so one was made; it is shown this once and never again:

                                {}

                            Send it as 'Authorization: Bearer <key>'. Use it to make keys for your tenants
                            (POST /api/v1/tenants/default/keys), or configure ANNEAL_ADMIN_KEY instead.""",
                            created.key());
                }
            });
        }
    }

    /** Stores the configured key, or its new value in place of the old one; a revoked one stays revoked. */
    private void configured(String key) {
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
            apiKeys.announceRevoked(ApiKeyFormat.CONFIGURED_ID);
            log.info("The configured admin key changed; the one configured before no longer works");
        } else {
            keys.insert(fresh);
        }
    }
}
