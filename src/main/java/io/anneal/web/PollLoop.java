package io.anneal.web;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs one step at a fixed pace until stopped, for the loops that feed live
 * streams; a step that fails is logged and the next one runs. {@link #wake()} runs the next step at once.
 */
public final class PollLoop {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private final String name;
    private final Duration pace;
    private final Runnable step;
    private final Object wake = new Object();
    private volatile boolean running;
    private Thread thread;

    public PollLoop(String name, Duration pace, Runnable step) {
        this.name = name;
        this.pace = pace;
        this.step = step;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }

    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        boolean failing = false;
        while (running) {
            try {
                step.run();
                if (failing) {
                    log.info("{} works again", name);
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("{} failed, retrying every {}: {}", name, pace, e.getMessage());
                    failing = true;
                } else {
                    log.debug("{} failed again: {}", name, e.getMessage());
                }
            }
            try {
                synchronized (wake) {
                    wake.wait(pace.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
