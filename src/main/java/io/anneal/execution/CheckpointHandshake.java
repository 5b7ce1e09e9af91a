package io.anneal.execution;

import io.anneal.artifact.CheckpointRef;
import io.anneal.curve.CurvePointWriter;

/**
 * Between the training thread that saves checkpoints and the heartbeat that records them on the job: a
 * checkpoint is handed to the heartbeat only once the curve points offered before it are written, since
 * a run resumed from it recomputes only the later points.
 */
final class CheckpointHandshake {

    private final CurvePointWriter curves;
    private volatile CheckpointRef latest;
    private volatile CheckpointRef recorded;
    private volatile boolean unreported;
    private volatile long curvesBefore;

    CheckpointHandshake(CurvePointWriter curves, CheckpointRef resumedFrom) {
        this.curves = curves;
        this.latest = resumedFrom;
        this.recorded = resumedFrom;
    }

    /** The checkpoint resumed from turned out unusable: the run starts afresh and has none to keep. */
    void forgetResumed() {
        latest = null;
        recorded = null;
    }

    void saved(CheckpointRef checkpoint) {
        curvesBefore = curves.offered();
        curves.flushSoon();
        latest = checkpoint;
        unreported = true;
    }

    CheckpointRef latest() {
        return latest;
    }

    /** The checkpoint recorded on the job: a restart resumes from it, so pruning must keep it. */
    CheckpointRef recorded() {
        return recorded;
    }

    /** The checkpoint saved since the last call, for the heartbeat to record; null if none or not yet safe. */
    CheckpointRef takeUnreported() {
        if (!unreported || curves.written() < curvesBefore) {
            return null;
        }
        unreported = false;
        return latest;
    }

    void reported(CheckpointRef checkpoint) {
        recorded = checkpoint;
    }

    /** Recording failed: try again with the next heartbeat unless a newer checkpoint exists. */
    void reportFailed(CheckpointRef checkpoint) {
        if (latest == checkpoint) {
            unreported = true;
        }
    }
}
