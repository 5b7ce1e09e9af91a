package io.anneal.tenant;

/** A new tenant: its id (lower-case letters, digits and dashes), a display name and its own quotas, if any. */
record TenantRequest(String id, String name, QuotaRequest quotas) {
}
