package io.anneal.execution;

import io.anneal.curve.CurvePointWriter;
import io.anneal.job.HeartbeatAnswer;
import io.anneal.job.JobQueue;
import io.anneal.training.checkpoint.SavedCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Reports each active run's progress and learns of cancellation or a lost lease. Runs on the
 * scheduler thread, never on a training thread; a failed heartbeat lets training go on. A new
 * checkpoint is recorded only once every curve point offered before it is in the database: a run
 * resumed from it recomputes only the later points, so an earlier one still lingering in the curve
 * writer when the process died would be lost for good.
 */
@Component
class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private static final long CURVE_FLUSH_TIMEOUT_MS = 5_000;
    private final ActiveRuns active;
    private final JobQueue queue;
    private final CurvePointWriter curves;

    Heartbeats(ActiveRuns active, JobQueue queue, CurvePointWriter curves) {
        this.active = active;
        this.queue = queue;
        this.curves = curves;
    }

    void beatAll() {
        for (JobRun run : active.all()) {
            SavedCheckpoint checkpoint = run.takeUnreportedCheckpoint();
            if (checkpoint != null && !curvesWritten(run)) {
                run.checkpointReportFailed(checkpoint);
                checkpoint = null;
            }
            try {
                HeartbeatAnswer answer = queue.heartbeat(run.lease(), run.progress(), checkpoint);
                if (answer == HeartbeatAnswer.CONTINUE && run.takeEpochReport()) {
                    queue.recordEpoch(run.lease(), run.trainLoss(), run.testAccuracy());
                }
                if (answer == HeartbeatAnswer.CANCEL_REQUESTED) {
                    run.requestStop(JobRun.StopCause.CANCELLED);
                } else if (answer == HeartbeatAnswer.LEASE_LOST) {
                    log.warn("Job {} lease {} was taken over; stopping", run.lease().jobId(), run.lease().token());
                    run.requestStop(JobRun.StopCause.LEASE_LOST);
                }
            } catch (DataAccessException e) {
                if (checkpoint != null) {
                    run.checkpointReportFailed(checkpoint);
                }
                log.warn("Job {} heartbeat failed, training goes on: {}", run.lease().jobId(),
                        e.getMostSpecificCause().getMessage());
            }
        }
    }

    private boolean curvesWritten(JobRun run) {
        try {
            if (curves.awaitWritten(CURVE_FLUSH_TIMEOUT_MS)) {
                return true;
            }
            log.warn("Job {}: curve points not written within {} ms; its new checkpoint is recorded later",
                    run.lease().jobId(), CURVE_FLUSH_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
