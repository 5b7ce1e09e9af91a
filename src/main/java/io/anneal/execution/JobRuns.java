package io.anneal.execution;

import io.anneal.curve.CurvePointWriter;
import io.anneal.job.ClaimedJob;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerActivity;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Creates the {@link JobRun} of a claimed job with what every run shares. */
@Component
class JobRuns {

    private final CurvePointWriter curves;
    private final AnnealMeters meters;
    private final Clock clock;

    JobRuns(CurvePointWriter curves, AnnealMeters meters, Clock clock) {
        this.curves = curves;
        this.meters = meters;
        this.clock = clock;
    }

    JobRun start(ClaimedJob job, WorkerActivity activity) {
        return new JobRun(job, curves, activity, meters, clock);
    }
}
