package io.anneal.tenant;

/** Who sent a request: the key's public id (its prefix), the tenant it belongs to, its role and name. */
public record Caller(String keyId, String tenant, Role role, String keyName) {
}
