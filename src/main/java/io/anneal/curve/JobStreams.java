package io.anneal.curve;

import io.anneal.job.JobStatus;
import io.anneal.job.JobService;
import io.anneal.job.JobView;
import io.anneal.web.LiveStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live streams of jobs: one loop polls PostgreSQL for all watchers together (the watched jobs' states
 * in one query, each watched job's new points in one query from the oldest cursor among its watchers)
 * and queues to each watcher what it has not had. Points are numbered by one database sequence, so a
 * watcher that reconnects with its last event id gets exactly what it missed, whichever replica wrote
 * the points and whichever serves the stream.
 */
@Component
class JobStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobStreams.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private final CurveRepository curves;
    private final JobService jobs;
    private final LiveStreams streams;
    private final StreamProperties properties;
    private final List<JobWatcher> watchers = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private volatile boolean running;
    private Thread loop;

    JobStreams(CurveRepository curves, JobService jobs, LiveStreams streams, StreamProperties properties) {
        this.curves = curves;
        this.jobs = jobs;
        this.streams = streams;
        this.properties = properties;
    }

    /** A stream of the job from point {@code after} on (0: from its first point); the caller checked the tenant. */
    SseEmitter watch(UUID jobId, long after, Set<Metric> metrics) {
        JobWatcher watcher = new JobWatcher(jobId, streams.open(properties.timeout(), RETRY, properties.maxQueued()),
                metrics, after);
        watchers.add(watcher);
        synchronized (wake) {
            wake.notifyAll();
        }
        return watcher.stream.emitter();
    }

    int watching() {
        return watchers.size();
    }

    @Override
    public void start() {
        running = true;
        loop = new Thread(this::pollLoop, "anneal-job-streams");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        watchers.forEach(watcher -> watcher.stream.end(watcher.id(), "shutdown", Map.of("reconnect", true)));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollLoop() {
        while (running) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                log.warn("Reading live job events failed, retrying: {}", e.getMessage());
            }
            try {
                synchronized (wake) {
                    wake.wait(properties.poll().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void pollOnce() {
        watchers.removeIf(watcher -> !watcher.stream.isOpen());
        if (watchers.isEmpty()) {
            return;
        }
        Map<UUID, List<JobWatcher>> byJob = watchers.stream().collect(Collectors.groupingBy(watcher -> watcher.jobId));
        Map<UUID, JobView> states = jobs.summariesForStreams(byJob.keySet()).stream()
                .collect(Collectors.toMap(JobView::id, Function.identity()));
        long now = System.nanoTime();
        byJob.forEach((jobId, jobWatchers) -> feed(jobId, jobWatchers, states.get(jobId)));
        for (JobWatcher watcher : watchers) {
            if (watcher.stream.idleNanos(now) > properties.heartbeat().toNanos()) {
                watcher.stream.heartbeat();
            }
        }
    }

    private void feed(UUID jobId, List<JobWatcher> jobWatchers, JobView state) {
        if (state == null) {
            jobWatchers.forEach(watcher -> watcher.stream.end(watcher.id(), "deleted", Map.of("id", jobId)));
            return;
        }
        long from = jobWatchers.stream().mapToLong(watcher -> watcher.cursor).min().orElseThrow();
        List<StreamedPoint> points = curves.after(jobId, from, properties.readLimit());
        boolean caughtUp = points.size() < properties.readLimit();
        for (JobWatcher watcher : jobWatchers) {
            sendPoints(watcher, points);
            if (!sameProgress(watcher.told, state)) {
                watcher.told = state;
                watcher.stream.send(watcher.id(), "status", state, 1);
            }
            if (isEnded(state) && caughtUp) {
                if (watcher.sawEnd) {
                    watcher.stream.end(watcher.id(), "end", state);
                }
                watcher.sawEnd = true; // one more poll, for points flushed just before the verdict
            }
        }
    }

    private static void sendPoints(JobWatcher watcher, List<StreamedPoint> points) {
        List<Map<String, Object>> batch = new ArrayList<>();
        long last = watcher.cursor;
        for (StreamedPoint point : points) {
            if (point.seq() <= watcher.cursor) {
                continue;
            }
            last = point.seq();
            if (watcher.wants(point.metric())) {
                batch.add(Map.of("metric", point.metric().wireName(), "step", point.step(), "epoch", point.epoch(),
                        "value", point.value()));
            }
        }
        watcher.cursor = last;
        if (!batch.isEmpty()) {
            watcher.stream.send(watcher.id(), "points", Map.of("points", batch), batch.size());
        }
    }

    private static boolean isEnded(JobView state) {
        return state.status() == JobStatus.SUCCEEDED || state.status() == JobStatus.FAILED
                || state.status() == JobStatus.CANCELLED;
    }

    private static boolean sameProgress(JobView told, JobView now) {
        return told != null && told.status() == now.status() && told.attempt() == now.attempt()
                && Objects.equals(told.progress(), now.progress()) && Objects.equals(told.metrics(), now.metrics());
    }
}
