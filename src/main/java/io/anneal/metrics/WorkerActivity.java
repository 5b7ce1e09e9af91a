package io.anneal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;

/**
 * Live state of one worker slot, exported per {@code worker} tag so dashboards follow training without
 * a job-id label. The job a worker runs is a separate info series, removed when the job ends.
 */
public final class WorkerActivity {

    private final String worker;
    private final MeterRegistry registry;
    private volatile boolean busy;
    private volatile double loss = Double.NaN;
    private volatile double sigma = Double.NaN;
    private volatile double stepsPerSecond;
    private volatile double examplesPerSecond;
    private Gauge jobInfo;

    WorkerActivity(int index, MeterRegistry registry) {
        this.worker = Integer.toString(index);
        this.registry = registry;
        Gauge.builder(AnnealMeters.WORKER_LOSS, this, w -> w.loss).tag("worker", worker)
                .description("Latest sampled minibatch loss of the job on this worker").register(registry);
        Gauge.builder(AnnealMeters.WORKER_SIGMA, this, w -> w.sigma).tag("worker", worker)
                .description("Gradient-noise standard deviation of the latest sampled update").register(registry);
        Gauge.builder(AnnealMeters.WORKER_STEPS_RATE, this, w -> w.stepsPerSecond).tag("worker", worker)
                .description("Updates per second on this worker").register(registry);
        Gauge.builder(AnnealMeters.WORKER_EXAMPLES_RATE, this, w -> w.examplesPerSecond).tag("worker", worker)
                .description("Training examples per second on this worker").register(registry);
    }

    public boolean isBusy() {
        return busy;
    }

    public synchronized void started(UUID jobId) {
        busy = true;
        jobInfo = Gauge.builder(AnnealMeters.WORKER_JOB, () -> 1).tag("worker", worker).tag("job_id", jobId.toString())
                .description("The job a worker is training (1 while it runs; removed when it ends)").register(registry);
    }

    public synchronized void finished() {
        busy = false;
        loss = Double.NaN;
        sigma = Double.NaN;
        stepsPerSecond = 0;
        examplesPerSecond = 0;
        if (jobInfo != null) {
            registry.remove(jobInfo);
            jobInfo = null;
        }
    }

    public void sampled(double latestLoss, double latestSigma) {
        loss = latestLoss;
        sigma = latestSigma;
    }

    public void rates(double steps, double examples) {
        stepsPerSecond = steps;
        examplesPerSecond = examples;
    }
}
