package io.anneal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The one place that names meters. All names start with {@code anneal.} and use base units; tags are
 * bounded: job status and failure reason, submission outcome, worker index (bounded by the pool).
 */
@Component
public class AnnealMeters {

    public static final String JOBS_SUBMITTED = "anneal.jobs.submitted";
    public static final String JOBS_FINISHED = "anneal.jobs.finished";
    public static final String JOBS_BY_STATE = "anneal.jobs";
    public static final String JOBS_OLDEST_QUEUED_AGE = "anneal.jobs.oldest.queued.age";
    public static final String JOBS_QUEUE_WAIT = "anneal.jobs.queue.wait";
    public static final String JOBS_RUN_DURATION = "anneal.jobs.run.duration";
    public static final String JOBS_IN_FLIGHT = "anneal.jobs.inflight";
    public static final String WORKERS = "anneal.workers";
    public static final String WORKER_LOSS = "anneal.worker.loss";
    public static final String WORKER_SIGMA = "anneal.worker.sigma";
    public static final String WORKER_STEPS_RATE = "anneal.worker.steps.rate";
    public static final String WORKER_EXAMPLES_RATE = "anneal.worker.examples.rate";
    public static final String WORKER_JOB = "anneal.worker.job";
    public static final String TRAINING_STEPS = "anneal.training.steps";
    public static final String TRAINING_EXAMPLES = "anneal.training.examples";
    public static final String TRAINING_STEP_DURATION = "anneal.training.step.duration";
    public static final String TRAINING_NON_FINITE_LOSS = "anneal.training.nonfinite.loss";
    public static final String CURVE_POINTS_WRITTEN = "anneal.curve.points.written";
    public static final String CURVE_POINTS_ON_DISK = "anneal.curve.points.on.disk";
    public static final String CURVE_POINTS_SPILLED = "anneal.curve.points.spilled";
    public static final String CURVE_POINTS_BLOCKED = "anneal.curve.offer.blocked";
    public static final String CURVE_POINTS_BUFFERED = "anneal.curve.points.buffered";
    public static final String CURVE_BATCH_LATENCY = "anneal.curve.batch.latency";
    public static final String ND4J_OFF_HEAP = "anneal.nd4j.offheap.used";
    public static final String ND4J_DEVICE_MEMORY = "anneal.nd4j.device.memory.used";
    public static final String STREAM_WATCHERS = "anneal.streams.watchers";
    public static final String API_KEY_REJECTIONS = "anneal.api.key.rejections";
    public static final String QUOTA_REFUSALS = "anneal.quota.refusals";

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter steps;
    private final Counter examples;
    private final Timer stepDuration;
    private final Counter nonFiniteLoss;
    private final Timer queueWait;
    private final Timer curveBatchLatency;
    private final Counter curvePointsWritten;
    private final LongTaskTimer inFlight;

    public AnnealMeters(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder(JOBS_SUBMITTED).tag("outcome", "accepted")
                .description("Job submissions by outcome").register(registry);
        rejected = Counter.builder(JOBS_SUBMITTED).tag("outcome", "rejected")
                .description("Job submissions by outcome").register(registry);
        steps = Counter.builder(TRAINING_STEPS).description("Parameter updates done").register(registry);
        examples = Counter.builder(TRAINING_EXAMPLES).description("Training examples processed").register(registry);
        stepDuration = Timer.builder(TRAINING_STEP_DURATION).description("Time of one parameter update")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).register(registry);
        nonFiniteLoss = Counter.builder(TRAINING_NON_FINITE_LOSS).description("Runs whose loss became NaN or infinite")
                .register(registry);
        queueWait = Timer.builder(JOBS_QUEUE_WAIT).description("Time jobs waited in the queue before a worker took them")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(24)).register(registry);
        curveBatchLatency = Timer.builder(CURVE_BATCH_LATENCY).description("Time to write one batch of curve points")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        curvePointsWritten = Counter.builder(CURVE_POINTS_WRITTEN).description("Curve points written to PostgreSQL")
                .register(registry);
        inFlight = LongTaskTimer.builder(JOBS_IN_FLIGHT).description("Jobs being trained on this instance")
                .register(registry);
    }

    public void submissionAccepted() {
        accepted.increment();
    }

    public void submissionRejected() {
        rejected.increment();
    }

    public void jobFinished(String status, String reason, Duration ran) {
        Counter.builder(JOBS_FINISHED).tag("status", status).tag("reason", reason)
                .description("Jobs that reached a terminal status").register(registry).increment();
        if (ran != null) {
            Timer.builder(JOBS_RUN_DURATION).tag("status", status).description("Time from start to end of a job")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofDays(7)).register(registry).record(ran);
        }
    }

    public void queueWaited(Duration waited) {
        queueWait.record(waited);
    }

    /** Starts timing a job on this instance; stop the returned sample when it ends. */
    public LongTaskTimer.Sample jobStarted() {
        return inFlight.start();
    }

    public void stepDone(long nanos, int batchExamples) {
        steps.increment();
        examples.increment(batchExamples);
        stepDuration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void lossWasNonFinite() {
        nonFiniteLoss.increment();
    }

    public void curveBatchWritten(int points, long nanos) {
        curvePointsWritten.increment(points);
        curveBatchLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A request refused for its key; {@code reason} is one of missing, malformed, unknown, revoked. */
    public void apiKeyRejected(String reason) {
        Counter.builder(API_KEY_REJECTIONS).tag("reason", reason)
                .description("Requests refused for a missing, malformed, unknown or revoked API key")
                .register(registry).increment();
    }

    /** A request refused with 429 for {@code quota} (one of the five quota names). */
    public void quotaRefused(String quota) {
        Counter.builder(QUOTA_REFUSALS).tag("quota", quota).description("Requests refused by a tenant quota")
                .register(registry).increment();
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        gauge(name, description, null, value, tags);
    }

    public void gauge(String name, String description, String baseUnit, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).baseUnit(baseUnit).tags(tags).register(registry);
    }

    private final java.util.List<Supplier<Number>> counted = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void functionCounter(String name, String description, Supplier<Number> value) {
        functionCounter(name, description, null, value);
    }

    /**
     * A counter read from {@code value}. The registry holds a function counter's object only weakly, so
     * it is kept here too: a method reference nobody else holds would be collected and the counter die.
     */
    public void functionCounter(String name, String description, String baseUnit, Supplier<Number> value) {
        counted.add(value);
        io.micrometer.core.instrument.FunctionCounter.builder(name, value, supplier -> supplier.get().doubleValue())
                .description(description).baseUnit(baseUnit).register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }
}
