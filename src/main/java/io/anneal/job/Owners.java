package io.anneal.job;

/** Every job belongs to a tenant; until API keys exist, all requests act for the default one. */
public final class Owners {

    public static final String DEFAULT = "default";

    private Owners() {
    }
}
