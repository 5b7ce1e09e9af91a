package io.anneal.web;

import java.util.List;

/** Query parameters an endpoint does not take: most likely a typo that would otherwise be ignored. */
class UnknownParameterException extends RuntimeException {

    private final List<String> names;
    private final List<String> known;

    UnknownParameterException(List<String> names, List<String> known) {
        super("unknown query parameter(s) " + names);
        this.names = List.copyOf(names);
        this.known = List.copyOf(known);
    }

    List<String> names() {
        return names;
    }

    List<String> known() {
        return known;
    }
}
