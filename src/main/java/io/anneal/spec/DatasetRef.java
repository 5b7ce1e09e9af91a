package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Names a dataset, e.g. {@code mnist-10k}. Written as {@code {"name": "mnist-10k"}} or, the short form
 * every request also accepts, as the plain text {@code "mnist-10k"}. {@code sha256} pins an uploaded
 * dataset's content: a job records the one it was submitted with, and a request that gives one is
 * refused if the dataset's content has changed since.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetRef(String name, String sha256) {

    public DatasetRef(String name) {
        this(name, null);
    }

    /** The short form: the dataset's name alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DatasetRef named(String name) {
        return new DatasetRef(name);
    }
}
