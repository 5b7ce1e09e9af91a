package io.anneal.spec;

/** One invalid field of a request, named by its JSON path (e.g. {@code model.hiddenLayers}). */
public record FieldProblem(String field, String message) {
}
