package io.anneal.job;

/** The outcome of a submission: the job, and whether this request created it or replayed an earlier one. */
public record Submission(JobView job, boolean created) {
}
