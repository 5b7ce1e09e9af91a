package io.anneal.experiment;

import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No experiment with that id for this owner. */
public class ExperimentNotFoundException extends ErrorResponseException {

    ExperimentNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No experiment with id " + id + ".");
        problem.setType(URI.create("https://anneal.dev/problems/experiment-not-found"));
        problem.setTitle("Experiment not found");
        return problem;
    }
}
