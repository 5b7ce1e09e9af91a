package io.anneal.curve;

import io.anneal.job.JobStatus;
import io.anneal.job.JobService;
import io.anneal.job.JobView;
import io.anneal.metrics.AnnealMeters;
import io.anneal.web.LiveStreams;
import io.anneal.web.PollLoop;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live streams of jobs: one loop polls PostgreSQL for all watchers together (the watched jobs' states
 * in one query, each watched job's new points in one query from the oldest cursor among its watchers)
 * and queues to each watcher what it has not had. Points are numbered by one database sequence, so a
 * watcher that reconnects with its last event id gets exactly what it missed, whichever replica wrote
 * the points and whichever serves the stream.
 */
@Component
class JobStreams implements SmartLifecycle {

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private final CurveRepository curves;
    private final JobService jobs;
    private final LiveStreams streams;
    private final StreamProperties properties;
    private final JsonMapper json;
    private final List<JobWatcher> watchers = new CopyOnWriteArrayList<>();
    private final PollLoop loop;

    JobStreams(CurveRepository curves, JobService jobs, LiveStreams streams, StreamProperties properties,
            AnnealMeters meters, JsonMapper json) {
        this.json = json;
        meters.gauge(AnnealMeters.STREAM_WATCHERS, "Clients streaming a job's events from this replica",
                watchers::size);
        this.curves = curves;
        this.jobs = jobs;
        this.streams = streams;
        this.properties = properties;
        this.loop = new PollLoop("anneal-job-streams", properties.poll(), this::pollOnce);
    }

    /** A stream of the job from point {@code after} on (0: from its first point); the caller checked the tenant. */
    SseEmitter watch(UUID jobId, long after, Set<Metric> metrics) {
        JobWatcher watcher = new JobWatcher(jobId, streams.open(properties.timeout(), RETRY, properties.maxQueued()),
                metrics, after);
        watchers.add(watcher);
        loop.wake();
        return watcher.stream.emitter();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
        watchers.forEach(watcher -> watcher.stream.end(watcher.id(), "shutdown", Map.of("reconnect", true)));
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
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
        // watchers at the same place wanting the same metrics get the same text, written as JSON once
        Map<String, Batch> batches = new java.util.HashMap<>();
        String status = null;
        for (JobWatcher watcher : jobWatchers) {
            Batch batch = batches.computeIfAbsent(watcher.cursor + "/" + watcher.metrics,
                    key -> batch(watcher, points));
            watcher.cursor = batch.cursor;
            if (batch.json != null) {
                watcher.stream.send(watcher.id(), "points", batch.json, batch.size);
            }
            if (changed(watcher, state)) {
                watcher.told = state;
                watcher.toldAt = System.nanoTime();
                status = status != null ? status : json.writeValueAsString(state);
                watcher.stream.send(watcher.id(), "status", status, 1);
            }
            if (isEnded(state) && caughtUp) {
                if (watcher.sawEnd) {
                    watcher.stream.end(watcher.id(), "end", state);
                }
                watcher.sawEnd = true; // one more poll, for points flushed just before the verdict
            }
        }
    }

    /** The points past the watcher's cursor, of its metrics, as the JSON of a points event (null if none). */
    private Batch batch(JobWatcher watcher, List<StreamedPoint> points) {
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
        return new Batch(last, batch.isEmpty() ? null : json.writeValueAsString(Map.of("points", batch)), batch.size());
    }

    private record Batch(long cursor, String json, int size) {
    }

    private static boolean isEnded(JobView state) {
        return state.status() == JobStatus.SUCCEEDED || state.status() == JobStatus.FAILED
                || state.status() == JobStatus.CANCELLED;
    }

    /**
     * A new status or attempt is told at once; progress and metrics at most every {@link #PROGRESS_EVERY}
     * (the points show the run's progress in between), which keeps the events per watcher few.
     */
    private static boolean changed(JobWatcher watcher, JobView now) {
        JobView told = watcher.told;
        if (told == null || told.status() != now.status() || told.attempt() != now.attempt()) {
            return true;
        }
        return !sameProgress(told, now) && System.nanoTime() - watcher.toldAt >= PROGRESS_EVERY.toNanos();
    }

    private static boolean sameProgress(JobView told, JobView now) {
        return told != null && told.status() == now.status() && told.attempt() == now.attempt()
                && Objects.equals(told.progress(), now.progress()) && Objects.equals(told.metrics(), now.metrics());
    }
}
