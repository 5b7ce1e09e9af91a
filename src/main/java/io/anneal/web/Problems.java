package io.anneal.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds every problem response of the API, so each has a stable {@code type} URI under one base, a
 * short title and a detail written for the user.
 */
public final class Problems {

    /** Base of every problem type URI; a type is this plus a slug such as {@code job-not-found}. */
    public static final String BASE = "https://anneal.dev/problems/";

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** The problem as an exception, for a controller to throw. */
    public static ErrorResponseException error(HttpStatusCode status, String slug, String title, String detail) {
        return new ErrorResponseException(status, of(status, slug, title, detail), null);
    }

    /** A problem about request fields, each named by its JSON path; the detail names the first or counts them. */
    public static ProblemDetail invalidFields(HttpStatusCode status, String slug, String title,
            List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + String.join("; ",
                        errors.stream().map(error -> error.field() + ": " + error.message()).toList());
        ProblemDetail problem = of(status, slug, title, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** One invalid field of a request, named by its JSON path (e.g. {@code model.hiddenLayers}), and why. */
    public record FieldError(String field, String message) {
    }
}
