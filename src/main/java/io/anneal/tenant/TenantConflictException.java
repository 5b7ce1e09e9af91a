package io.anneal.tenant;

/** A tenant with that id exists already. */
class TenantConflictException extends RuntimeException {

    TenantConflictException(String id) {
        super("A tenant '" + id + "' exists already.");
    }
}
