package io.anneal.web;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One server-sent event stream to one client. Events are queued and written by a sender thread, never by
 * the loop that produces them, so a slow client delays only itself; one that falls {@code maxQueued}
 * events behind is dropped (it reconnects with its last event id and catches up from the database).
 */
public final class LiveStream {

    private final SseEmitter emitter;
    private final Executor senders;
    private final int maxQueued;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean draining;
    private volatile boolean closed;
    private volatile long lastQueuedNanos = System.nanoTime();

    LiveStream(SseEmitter emitter, Executor senders, int maxQueued) {
        this.emitter = emitter;
        this.senders = senders;
        this.maxQueued = maxQueued;
        emitter.onCompletion(() -> closed = true);
        emitter.onTimeout(() -> closed = true);
        emitter.onError(error -> closed = true);
    }

    public SseEmitter emitter() {
        return emitter;
    }

    /** False once the client has gone, was dropped, or the stream ended. */
    public boolean isOpen() {
        return !closed;
    }

    /** Queues an event of {@code weight} (points it carries, at least 1); drops the client if too far behind. */
    public void send(String id, String name, Object data, int weight) {
        enqueue(new Pending(SseEmitter.event().id(id).name(name).data(data), Math.max(1, weight), false));
    }

    /** A comment line, which keeps proxies from closing an idle stream. */
    public void heartbeat() {
        enqueue(new Pending(SseEmitter.event().comment("keep-alive"), 1, false));
    }

    /** Queues a last event, after which the stream is closed. */
    public void end(String id, String name, Object data) {
        enqueue(new Pending(SseEmitter.event().id(id).name(name).data(data), 1, true));
    }

    /** Nanoseconds since the last event was queued, for heartbeats. */
    public long idleNanos(long now) {
        return now - lastQueuedNanos;
    }

    private void enqueue(Pending event) {
        if (closed) {
            return;
        }
        lastQueuedNanos = System.nanoTime();
        boolean schedule;
        synchronized (queue) {
            int queued = queue.stream().mapToInt(Pending::weight).sum();
            if (queued + event.weight() > maxQueued) {
                closed = true;
                queue.clear();
                queue.add(new Pending(null, 0, true));
            } else {
                queue.add(event);
            }
            schedule = !draining;
            draining = true;
        }
        if (schedule) {
            senders.execute(this::drain);
        }
    }

    /** Writes everything queued so far in one send, so a client costs one write and flush per poll, not per event. */
    private void drain() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            synchronized (queue) {
                for (Pending next = queue.poll(); next != null; next = queue.poll()) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    draining = false;
                    return;
                }
            }
            Set<ResponseBodyEmitter.DataWithMediaType> parts = new LinkedHashSet<>();
            boolean last = false;
            for (Pending pending : batch) {
                if (pending.event() != null) {
                    parts.addAll(pending.event().build());
                }
                last |= pending.last();
            }
            try {
                if (!parts.isEmpty()) {
                    emitter.send(parts);
                }
                if (last) {
                    closed = true;
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException gone) {
                closed = true; // the client went away; the container completes the request
            }
        }
    }

    private record Pending(SseEmitter.SseEventBuilder event, int weight, boolean last) {
    }
}
