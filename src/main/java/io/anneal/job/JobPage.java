package io.anneal.job;

import java.util.List;

/** One page of job summaries, newest first; pass {@code nextCursor} back to get the next page. */
public record JobPage(List<JobView> jobs, String nextCursor) {
}
