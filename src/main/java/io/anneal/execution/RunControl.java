package io.anneal.execution;

/** Whether, and why, a run was asked to stop early; the first cause wins. */
final class RunControl {

    /** Why the run was asked to stop early. */
    enum StopCause { NONE, CANCELLED, LEASE_LOST, SHUTDOWN }

    private volatile StopCause cause = StopCause.NONE;
    private volatile boolean ending;

    /** A cancelled run stays cancelled even if shutdown follows. */
    void requestStop(StopCause requested) {
        if (cause == StopCause.NONE) {
            cause = requested;
        }
    }

    StopCause cause() {
        return cause;
    }

    boolean stopRequested() {
        return cause != StopCause.NONE;
    }

    /** The run's verdict is being recorded: from now on the job's lease ends as expected. */
    void ending() {
        ending = true;
    }

    boolean isEnding() {
        return ending;
    }

    /** At shutdown the run is checkpointed so the next attempt loses nothing. */
    boolean checkpointBeforeStop() {
        return cause == StopCause.SHUTDOWN;
    }
}
