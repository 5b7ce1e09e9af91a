package io.anneal.execution;

import java.time.Duration;
import org.springframework.stereotype.Component;

/** Wakes idle workers at once when a job may be waiting; they poll on a timeout otherwise. */
@Component
class QueueSignal {

    private long generation;

    synchronized void wakeAll() {
        generation++;
        notifyAll();
    }

    /** Returns when woken or after {@code timeout}. */
    synchronized void await(Duration timeout) throws InterruptedException {
        long seen = generation;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
