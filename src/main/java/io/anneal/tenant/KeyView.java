package io.anneal.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A key as listed: its prefix (the public id, also how it is revoked), name, role and times. {@code key}
 * is present only in the answer that created it: it is shown once and never stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeyView(String id, String tenant, String name, Role role, Instant createdAt, Instant lastUsedAt,
        Instant revokedAt, String key) {

    static KeyView of(StoredKey stored) {
        return new KeyView(ApiKeyFormat.prefix(stored.id()), stored.tenant(), stored.name(), stored.role(),
                stored.createdAt(), stored.lastUsedAt(), stored.revokedAt(), null);
    }

    KeyView withKey(String key) {
        return new KeyView(id, tenant, name, role, createdAt, lastUsedAt, revokedAt, key);
    }
}
