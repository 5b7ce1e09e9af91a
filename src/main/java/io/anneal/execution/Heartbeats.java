package io.anneal.execution;

import io.anneal.artifact.CheckpointRef;
import io.anneal.job.HeartbeatAnswer;
import io.anneal.job.JobQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;

/**
 * Reports each active run's progress and learns of cancellation or a lost lease. Runs on the
 * scheduler thread, never on a training thread; a failed heartbeat lets training go on. A new
 * checkpoint is recorded once the curve points before it are written (see
 * {@link CheckpointHandshake#takeUnreported}); until then the heartbeat reports progress only.
 */
@Component
class Heartbeats {

    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
    private final ActiveRuns active;
    private final JobQueue queue;
    private final java.time.Duration interval;

    Heartbeats(ActiveRuns active, JobQueue queue, ExecutionProperties properties) {
        this.active = active;
        this.queue = queue;
        this.interval = properties.heartbeatInterval();
    }

    void beatAll() {
        for (JobRun run : active.all()) {
            CheckpointRef checkpoint = run.checkpoints().takeUnreported();
            try {
                HeartbeatAnswer answer = queue.heartbeat(run.lease(), run.progress(), checkpoint);
                long failedFor = run.report().heartbeatSucceeded();
                if (failedFor > 0) {
                    log.info("Job {} heart-beats again after {} s, at step {}", run.lease().jobId(),
                            failedFor / 1000, run.progress().step());
                }
                boolean writable = answer != HeartbeatAnswer.LEASE_LOST && answer != HeartbeatAnswer.ENDED;
                if (checkpoint != null && writable) {
                    run.checkpoints().reported(checkpoint);
                }
                RunReport.Engine engine = writable ? run.report().unrecordedEngine() : null;
                if (engine != null && queue.recordEngine(run.lease(), engine.name(), engine.backend())) {
                    run.report().engineRecorded();
                }
                if (writable && answer == HeartbeatAnswer.CONTINUE && run.report().takeEpochReport()) {
                    queue.recordEpoch(run.lease(), run.report().trainLoss(), run.report().testAccuracy());
                }
                if (writable) {
                    run.report().recordBestWith(best -> queue.recordBest(run.lease(), best));
                }
                if (answer == HeartbeatAnswer.CANCEL_REQUESTED) {
                    run.control().requestStop(RunControl.StopCause.CANCELLED);
                } else if (answer == HeartbeatAnswer.STOP_REQUESTED) {
                    run.control().requestStop(RunControl.StopCause.STOPPED_EARLY);
                } else if (answer == HeartbeatAnswer.LEASE_LOST) {
                    log.warn("Job {} lease {} was taken over; stopping", run.lease().jobId(), run.lease().token());
                    run.control().requestStop(RunControl.StopCause.LEASE_LOST);
                } else if (answer == HeartbeatAnswer.ENDED) {
                    // its own verdict just ended the run (nothing to stop), or its heartbeats went unwritten so
                    // long that the job was handed back under this lease: it must not train on
                    run.control().requestStop(RunControl.StopCause.LEASE_LOST);
                }
            } catch (DataAccessException | TransactionException e) {
                if (checkpoint != null) {
                    run.checkpoints().reportFailed(checkpoint);
                }
                if (run.report().heartbeatFailed()) {
                    log.warn("Job {} heartbeat failed, training goes on and its heartbeats are tried again every {}:"
                            + " {}", run.lease().jobId(), interval, e.getMostSpecificCause().getMessage());
                } else {
                    log.debug("Job {} heartbeat failed again: {}", run.lease().jobId(),
                            e.getMostSpecificCause().getMessage());
                }
            }
        }
    }
}
