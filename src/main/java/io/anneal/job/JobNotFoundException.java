package io.anneal.job;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No job with that id for this owner. */
public class JobNotFoundException extends ErrorResponseException {

    public JobNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No job with id " + id + ".");
        problem.setType(JobProblems.type("job-not-found"));
        problem.setTitle("Job not found");
        problem.setProperty("jobId", id);
        return problem;
    }
}
