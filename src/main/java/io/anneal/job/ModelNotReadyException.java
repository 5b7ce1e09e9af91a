package io.anneal.job;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The job exists but has no model: it has not succeeded (yet). */
public class ModelNotReadyException extends ErrorResponseException {

    ModelNotReadyException(UUID id, JobStatus status) {
        super(HttpStatus.CONFLICT, problem(id, status), null);
    }

    private static ProblemDetail problem(UUID id, JobStatus status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Job " + id + " is " + status
                + "; only a succeeded job has a model.");
        problem.setType(JobProblems.type("model-not-ready"));
        problem.setTitle("Model not ready");
        problem.setProperty("jobId", id);
        problem.setProperty("jobStatus", status);
        return problem;
    }
}
