package io.anneal.job;

import io.anneal.web.Problems;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The HTTP answers to the job module's exceptions, wherever in the API they are thrown. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class JobProblemAdvice {

    @ExceptionHandler
    ProblemDetail notFound(JobNotFoundException e) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found", e.getMessage());
        problem.setProperty("jobId", e.jobId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidSpec(InvalidJobSpecException e) {
        return Problems.invalidFields(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-job-spec", "Invalid job spec",
                e.problems().stream().map(p -> new Problems.FieldError(p.field(), p.message())).toList());
    }

    @ExceptionHandler
    ProblemDetail stateConflict(IllegalJobTransitionException e) {
        return conflict("job-state-conflict", "Job state conflict", e.getMessage(), e.jobId(), e.status());
    }

    @ExceptionHandler
    ProblemDetail modelNotReady(ModelNotReadyException e) {
        return conflict("model-not-ready", "Model not ready", e.getMessage(), e.jobId(), e.status());
    }

    private static ProblemDetail conflict(String slug, String title, String detail, UUID jobId, JobStatus status) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, slug, title, detail);
        problem.setProperty("jobId", jobId);
        problem.setProperty("jobStatus", status);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail idempotencyKey(IdempotencyKeyException e) {
        return Problems.of(e.conflictsWithEarlierRequest() ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST,
                e.slug(), e.title(), e.getMessage());
    }
}
