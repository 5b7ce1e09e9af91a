package io.anneal.job;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A well-formed spec that cannot be run; lists every bad field at once. */
public class InvalidJobSpecException extends ErrorResponseException {

    InvalidJobSpecException(List<FieldProblem> problems) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(problems), null);
    }

    private static ProblemDetail problem(List<FieldProblem> problems) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).message()
                        : problems.size() + " fields of the job spec are invalid.");
        problem.setType(JobProblems.type("invalid-job-spec"));
        problem.setTitle("Invalid job spec");
        problem.setProperty("errors", problems);
        return problem;
    }
}
