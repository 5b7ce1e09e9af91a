package io.anneal.experiment;

import io.anneal.web.Problems;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The HTTP answers to the experiment module's exceptions. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExperimentProblemAdvice {

    @ExceptionHandler
    ProblemDetail notFound(ExperimentNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "experiment-not-found", "Experiment not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail finished(ExperimentFinishedException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "experiment-state-conflict",
                "Experiment state conflict", e.getMessage());
        problem.setProperty("experimentId", e.experimentId());
        problem.setProperty("experimentStatus", e.status());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidExperimentException e) {
        return Problems.invalidFields(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-experiment", "Invalid experiment",
                List.of(new Problems.FieldError(e.field(), e.getMessage())));
    }
}
