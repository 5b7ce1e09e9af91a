package io.anneal.tenant;

import java.time.Instant;

/** An API key as stored: who it is for, and the salted hash its secret must match. */
record StoredKey(String id, String tenant, String name, Role role, byte[] salt, byte[] hash, Instant createdAt,
        Instant lastUsedAt, Instant revokedAt) {

    Caller caller() {
        return new Caller(ApiKeyFormat.prefix(id), tenant, role, name);
    }
}
