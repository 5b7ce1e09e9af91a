package io.anneal.experiment;

import io.anneal.tenant.CurrentTenant;
import io.anneal.web.LiveStream;
import io.anneal.web.LiveStreams;
import io.anneal.web.PollLoop;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live streams of experiments: one loop reads each watched experiment once a second, acting for the
 * tenant that opened the stream, and sends its view to every watcher when runs finish or its status
 * changes; the stream ends with the experiment.
 */
@Component
class ExperimentStreams implements SmartLifecycle {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int MAX_QUEUED = 100;
    private final ExperimentService experiments;
    private final CurrentTenant tenant;
    private final LiveStreams streams;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final PollLoop loop = new PollLoop("anneal-experiment-streams", POLL, this::pollOnce);

    ExperimentStreams(ExperimentService experiments, CurrentTenant tenant, LiveStreams streams) {
        this.experiments = experiments;
        this.tenant = tenant;
        this.streams = streams;
    }

    /** A stream of the experiment for the calling tenant, whose experiment it is (the caller checked). */
    SseEmitter watch(UUID id) {
        Watcher watcher = new Watcher(id, tenant.id(), streams.open(Duration.ofMinutes(30), Duration.ofSeconds(2),
                MAX_QUEUED));
        watchers.add(watcher);
        loop.wake(); // the first summary at once
        return watcher.stream.emitter();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    private void pollOnce() {
        watchers.removeIf(watcher -> !watcher.stream.isOpen());
        watchers.forEach(this::feed);
    }

    private void feed(Watcher watcher) {
        ExperimentView view;
        try {
            view = tenant.callAs(watcher.tenant, () -> experiments.find(watcher.id));
        } catch (ExperimentNotFoundException deleted) {
            watcher.stream.end(Long.toString(watcher.sent), "deleted", java.util.Map.of("id", watcher.id));
            return;
        }
        if (!Objects.equals(view.runs(), watcher.told == null ? null : watcher.told.runs())
                || watcher.told.status() != view.status()) {
            watcher.told = view;
            watcher.sent++;
            if (view.status() == ExperimentStatus.RUNNING) {
                watcher.stream.send(Long.toString(watcher.sent), "summary", view, 1);
            } else {
                watcher.stream.end(Long.toString(watcher.sent), "end", view);
            }
        } else if (watcher.stream.idleNanos(System.nanoTime()) > HEARTBEAT.toNanos()) {
            watcher.stream.heartbeat();
        }
    }

    private static final class Watcher {

        final UUID id;
        final String tenant;
        final LiveStream stream;
        ExperimentView told;
        long sent;

        Watcher(UUID id, String tenant, LiveStream stream) {
            this.id = id;
            this.tenant = tenant;
            this.stream = stream;
        }
    }
}
