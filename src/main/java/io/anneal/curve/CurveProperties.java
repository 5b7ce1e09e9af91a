package io.anneal.curve;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The curve writer.
 *
 * @param bufferCapacity points held in memory waiting for the database; beyond it they go to a file
 *     in {@code spillDirectory}
 * @param spillCapacity how much of the disk points waiting for the database may take (57 bytes each);
 *     beyond it training threads wait for room, so no point is ever dropped
 * @param spillDirectory where that file lives (unlinked at once, it vanishes with the process); the
 *     system's temporary directory when not set
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
        @DefaultValue("250ms") Duration linger,
        @DefaultValue("1GB") DataSize spillCapacity,
        Path spillDirectory) {

    public CurveProperties {
        if (spillDirectory == null) {
            spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        }
    }
}
