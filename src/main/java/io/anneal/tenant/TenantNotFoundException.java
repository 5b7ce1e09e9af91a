package io.anneal.tenant;

/** No tenant with that id. */
class TenantNotFoundException extends RuntimeException {

    TenantNotFoundException(String id) {
        super("No tenant '" + id + "'.");
    }
}
