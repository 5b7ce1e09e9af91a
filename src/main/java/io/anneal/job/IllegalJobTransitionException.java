package io.anneal.job;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A status change the transition table forbids, e.g. cancelling a finished job. */
public class IllegalJobTransitionException extends ErrorResponseException {

    IllegalJobTransitionException(UUID id, JobStatus from, JobStatus to, String action) {
        super(HttpStatus.CONFLICT, problem(id, from, action), null);
    }

    private static ProblemDetail problem(UUID id, JobStatus from, String action) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Job " + id + " is " + from + " and cannot be " + action + ".");
        problem.setType(JobProblems.type("job-state-conflict"));
        problem.setTitle("Job state conflict");
        problem.setProperty("jobId", id);
        problem.setProperty("jobStatus", from);
        return problem;
    }
}
