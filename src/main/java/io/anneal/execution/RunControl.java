package io.anneal.execution;

import java.util.concurrent.atomic.AtomicReference;

/** Whether, and why, a run was asked to stop early; the first cause wins. */
final class RunControl {

    /** Why the run was asked to stop early. */
    enum StopCause {
        NONE, CANCELLED, LEASE_LOST, SHUTDOWN,
        /** The user asked the run to stop now and keep its model. */
        STOPPED_EARLY
    }

    private final AtomicReference<StopCause> cause = new AtomicReference<>(StopCause.NONE);

    /** A cancelled run stays cancelled even if shutdown follows. */
    void requestStop(StopCause requested) {
        cause.compareAndSet(StopCause.NONE, requested);
    }

    StopCause cause() {
        return cause.get();
    }

    boolean stopRequested() {
        return cause.get() != StopCause.NONE;
    }

    /** Whether the network as it is at the stop is the run's result. */
    boolean keepModelOnStop() {
        return cause.get() == StopCause.STOPPED_EARLY;
    }

    /** At shutdown the run is checkpointed so the next attempt loses nothing. */
    boolean checkpointBeforeStop() {
        return cause.get() == StopCause.SHUTDOWN;
    }
}
