package io.anneal.curve;

import io.anneal.job.JobView;
import io.anneal.web.LiveStream;
import java.util.Set;
import java.util.UUID;

/** One client watching one job: where it is in the job's points, which metrics it wants, what it was told. */
final class JobWatcher {

    final UUID jobId;
    final LiveStream stream;
    /** Empty for every metric. */
    final Set<Metric> metrics;
    /** The number of the last point this watcher has been given (or skipped, being of a metric it did not ask for). */
    long cursor;
    JobView told;
    long toldAt;
    boolean sawEnd;

    JobWatcher(UUID jobId, LiveStream stream, Set<Metric> metrics, long cursor) {
        this.jobId = jobId;
        this.stream = stream;
        this.metrics = metrics;
        this.cursor = cursor;
    }

    boolean wants(Metric metric) {
        return metrics.isEmpty() || metrics.contains(metric);
    }

    String id() {
        return Long.toString(cursor);
    }
}
