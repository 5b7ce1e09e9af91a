package io.anneal.job;

import java.net.URI;

/** Stable problem type URIs of the job API. */
final class JobProblems {

    private static final String BASE = "https://anneal.dev/problems/";

    private JobProblems() {
    }

    static URI type(String slug) {
        return URI.create(BASE + slug);
    }
}
