package io.anneal.tenant;

import io.anneal.database.PostgresNotifications;
import org.springframework.stereotype.Component;

/**
 * Forgets keys revoked through any replica, so this one refuses them on their next request. When
 * listening (re)starts every cached key is checked again, since a revocation may have been missed.
 */
@Component
class KeyRevocationListener implements PostgresNotifications.Subscriber {

    static final String CHANNEL = "anneal_api_keys";
    private final ApiKeyVerifier verifier;

    KeyRevocationListener(PostgresNotifications notifications, ApiKeyVerifier verifier) {
        this.verifier = verifier;
        notifications.subscribe(CHANNEL, this);
    }

    @Override
    public void listening() {
        verifier.evictAll();
    }

    @Override
    public void notified(String payload) {
        verifier.evict(payload);
    }
}
