package io.anneal.curve;

import java.time.Instant;
import java.util.UUID;

/** One value of one metric of a job at an update, written only while {@code leaseToken} is current. */
public record CurvePoint(UUID jobId, long leaseToken, Metric metric, long step, int epoch, double value,
        Instant time) {
}
