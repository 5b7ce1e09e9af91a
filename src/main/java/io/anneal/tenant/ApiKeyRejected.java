package io.anneal.tenant;

/** A request's key was missing, malformed, unknown or revoked ({@code reason}); the key is not part of it. */
public record ApiKeyRejected(String reason) {
}
