package io.anneal.curve;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The curve writer.
 *
 * @param bufferCapacity points held in memory waiting for the database; beyond it new points are
 *     dropped (and counted) rather than blocking training
 * @param batchSize points per INSERT batch
 * @param retryDelay pause before retrying a batch after a database error
 * @param linger how long a batch waits for more points after its first one: fewer, larger
 *     transactions (each commit is a WAL flush) at the cost of this much extra delay before a point
 *     can be read; a job's end flushes at once
 */
@Validated
@ConfigurationProperties("anneal.curves")
public record CurveProperties(@DefaultValue("200000") @Min(1) int bufferCapacity,
        @DefaultValue("1000") @Min(1) int batchSize,
        @DefaultValue("1s") Duration retryDelay,
        @DefaultValue("250ms") Duration linger) {
}
