package io.anneal.execution;

import io.anneal.curve.CurvePointWriter;
import io.anneal.job.ClaimedJob;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerMeters;
import java.time.Clock;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Creates the {@link JobRun} of a claimed job on a worker slot, with what every run shares. */
@Component
class JobRuns {

    private final CurvePointWriter curves;
    private final AnnealMeters meters;
    private final WorkerMeters workerMeters;
    private final JsonMapper json;
    private final Clock clock;

    JobRuns(CurvePointWriter curves, AnnealMeters meters, WorkerMeters workerMeters, JsonMapper json, Clock clock) {
        this.curves = curves;
        this.meters = meters;
        this.workerMeters = workerMeters;
        this.json = json;
        this.clock = clock;
    }

    JobRun start(ClaimedJob job, int worker) {
        return new JobRun(job, json.writeValueAsString(job.spec()), curves, workerMeters.forWorker(worker), meters,
                clock);
    }
}
