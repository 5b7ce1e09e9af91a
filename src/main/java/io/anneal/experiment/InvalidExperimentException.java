package io.anneal.experiment;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An experiment that cannot be run as asked; nothing of it is stored. */
public class InvalidExperimentException extends ErrorResponseException {

    InvalidExperimentException(String field, String message) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(field, message), null);
    }

    private static ProblemDetail problem(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, field + ": " + message);
        problem.setType(URI.create("https://anneal.dev/problems/invalid-experiment"));
        problem.setTitle("Invalid experiment");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }
}
