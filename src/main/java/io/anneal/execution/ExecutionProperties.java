package io.anneal.execution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timings of the worker pool.
 *
 * @param pollInterval how often idle workers look for jobs when no notification arrives
 * @param heartbeatInterval how often running jobs report progress and learn of cancellation
 * @param staleAfter a running job whose heartbeat is older than this is considered lost
 * @param maxAttempts attempts before a job whose worker keeps getting lost fails as WORKER_LOST
 * @param shutdownGrace how long shutdown waits for running jobs to reach a step boundary
 * @param replica name of this instance in each job's attempt history; empty means host name and process id
 */
@Validated
@ConfigurationProperties("anneal.execution")
public record ExecutionProperties(@DefaultValue("2s") Duration pollInterval,
        @DefaultValue("1s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration staleAfter,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("") String replica) {
}
