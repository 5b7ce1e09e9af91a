package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Names a dataset, e.g. {@code mnist-10k}. Written as {@code {"name": "mnist-10k"}} or, the short form
 * every request also accepts, as the plain text {@code "mnist-10k"}.
 */
public record DatasetRef(String name) {

    /** The short form: the dataset's name alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DatasetRef named(String name) {
        return new DatasetRef(name);
    }
}
