package io.anneal.metrics;

import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Hands out one {@link WorkerActivity} per worker slot and exports busy / idle slot counts. */
@Component
public class WorkerMeters {

    private final AnnealMeters meters;
    private final Map<Integer, WorkerActivity> workers = new ConcurrentHashMap<>();

    WorkerMeters(AnnealMeters meters) {
        this.meters = meters;
        Gauge.builder(AnnealMeters.WORKERS, this, w -> w.count(true)).tag("state", "busy")
                .description("Worker slots by state").register(meters.registry());
        Gauge.builder(AnnealMeters.WORKERS, this, w -> w.count(false)).tag("state", "idle")
                .description("Worker slots by state").register(meters.registry());
    }

    public WorkerActivity forWorker(int index) {
        return workers.computeIfAbsent(index, i -> new WorkerActivity(i, meters.registry()));
    }

    private double count(boolean busy) {
        return workers.values().stream().filter(worker -> worker.isBusy() == busy).count();
    }
}
