package io.anneal.training.internal;

/**
 * A class a hostile configuration names: loading it would set a system property, so a test can tell
 * whether reading the configuration ever loaded it.
 */
public class Canary {

    public static final String LOADED = "anneal.test.canary.loaded";

    static {
        System.setProperty(LOADED, "true");
    }
}
