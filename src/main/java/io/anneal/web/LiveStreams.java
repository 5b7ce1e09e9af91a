package io.anneal.web;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Opens server-sent event streams and owns the few threads that write to them: the loops that feed
 * streams poll PostgreSQL once for all their watchers and only queue events here.
 */
@Component
public class LiveStreams implements DisposableBean {

    /** Threads writing to clients; a client whose socket is full holds one until its write times out. */
    private static final int SENDERS = 16;
    private final ExecutorService senders;

    LiveStreams() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SENDERS, SENDERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "anneal-stream-sender-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.senders = pool;
    }

    /** A new stream that lasts at most {@code timeout}; the client is told to retry after {@code retry}. */
    public LiveStream open(Duration timeout, Duration retry, int maxQueued) {
        LiveStream stream = new LiveStream(new SseEmitter(timeout.toMillis()), senders, maxQueued);
        stream.emitter().onTimeout(stream.emitter()::complete);
        try {
            stream.emitter().send(SseEmitter.event().reconnectTime(retry.toMillis()).comment("connected"));
        } catch (java.io.IOException gone) {
            stream.emitter().complete();
        }
        return stream;
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
