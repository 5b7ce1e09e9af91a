package io.anneal.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Training threads run at a lower scheduling priority than the threads that answer requests, so that
 * with every core training, a request still runs as soon as it arrives: the kernel's scheduler gives a
 * thread of niceness 10 about a tenth of the weight of one at 0, and training only loses the time the
 * requests actually take. Linux only (a thread's niceness is set through {@code renice} on its thread
 * id, read from {@code /proc/thread-self}); elsewhere, or with {@code anneal.training.niceness=0}, threads
 * keep the default.
 */
@Component
public class TrainingThreads {

    private static final Logger log = LoggerFactory.getLogger(TrainingThreads.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private final AtomicBoolean toldUnavailable = new AtomicBoolean();
    private final int niceness;

    TrainingThreads(@Value("${anneal.training.niceness:10}") int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("anneal.training.niceness must be between 0 and 19, not " + niceness);
        }
        this.niceness = niceness;
    }

    /** A thread that trains: runs {@code work} after lowering its own priority. */
    public Thread newThread(Runnable work, String name) {
        return new Thread(() -> {
            lowerCurrent();
            work.run();
        }, name);
    }

    /** Gives the calling thread the configured niceness; says once when the platform cannot. */
    public void lowerCurrent() {
        if (niceness == 0) {
            return;
        }
        String problem;
        try {
            if (!Files.isSymbolicLink(THREAD_SELF)) {
                problem = "no " + THREAD_SELF + " (not Linux)";
            } else {
                String thread = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
                Process renice = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", thread)
                        .redirectErrorStream(true).start();
                String output = new String(renice.getInputStream().readAllBytes()).strip();
                if (!renice.waitFor(10, TimeUnit.SECONDS)) {
                    renice.destroyForcibly();
                    problem = "renice did not answer within 10 s";
                } else if (renice.exitValue() != 0) {
                    problem = "renice exited with " + renice.exitValue() + ": " + output;
                } else {
                    log.debug("Thread {} ({}) now runs at niceness {}", Thread.currentThread().getName(), thread,
                            niceness);
                    return;
                }
            }
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (toldUnavailable.compareAndSet(false, true)) {
            log.info("Training threads keep the default scheduling priority ({}); requests share the cores with "
                    + "training equally", problem);
        }
    }
}
