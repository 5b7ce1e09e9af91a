package io.anneal.spec;

import java.util.Optional;

/** The SHA-256 of a dataset's content where it has one (uploads do; built-in datasets do not). */
public interface DatasetVersions {

    Optional<String> sha256(String dataset);
}
