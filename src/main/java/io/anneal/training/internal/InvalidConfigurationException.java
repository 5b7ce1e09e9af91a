package io.anneal.training.internal;

/** A DL4J configuration that cannot be trained, with where in it the problem is ({@code ""}: the whole of it). */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final String path;

    public InvalidConfigurationException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** Where the problem is, as a path of fields and indices inside the configuration. */
    public String path() {
        return path;
    }

    /** The field of the job spec: {@code model.configuration} and the path inside it. */
    public String field() {
        return path.isEmpty() ? "model.configuration" : "model.configuration." + path;
    }
}
