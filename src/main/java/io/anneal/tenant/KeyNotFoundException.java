package io.anneal.tenant;

/** No key with that prefix in the tenant that is not revoked already. */
class KeyNotFoundException extends RuntimeException {

    KeyNotFoundException(String prefix) {
        super("No unrevoked API key '" + prefix + "' in this tenant.");
    }
}
