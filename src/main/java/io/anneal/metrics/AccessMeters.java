package io.anneal.metrics;

import io.anneal.tenant.ApiKeyRejected;
import io.anneal.tenant.QuotaRefused;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts refused keys by reason and quota refusals by quota. No meter has a tenant tag: tenants are
 * created at will, so their number is not bounded.
 */
@Component
class AccessMeters {

    private final AnnealMeters meters;

    AccessMeters(AnnealMeters meters) {
        this.meters = meters;
    }

    @EventListener
    void keyRejected(ApiKeyRejected rejected) {
        meters.apiKeyRejected(rejected.reason());
    }

    @EventListener
    void quotaRefused(QuotaRefused refused) {
        meters.quotaRefused(refused.quota().json());
    }
}
