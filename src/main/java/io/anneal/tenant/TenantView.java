package io.anneal.tenant;

import java.time.Instant;
import java.util.Map;

/**
 * A tenant as shown: the quotas in effect, which of them are its own rather than defaults, and what it
 * uses of them now.
 */
record TenantView(String id, String name, Instant createdAt, Limits quotas, QuotaRequest ownQuotas,
        Map<String, Long> usage) {
}
