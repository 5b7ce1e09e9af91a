package io.anneal.job;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upper bounds on what one job may ask for, so a single request cannot exhaust memory or a worker.
 *
 * @param maxHiddenLayers deepest network
 * @param maxHiddenUnits widest hidden layer
 * @param maxEpochs longest run in epochs
 * @param maxSteps longest run in updates
 * @param maxBatchSize largest minibatch
 * @param maxConfigurationChars longest DL4J configuration, in characters of JSON
 */
@Validated
@ConfigurationProperties("anneal.limits")
public record JobLimits(@DefaultValue("100") @Min(1) int maxHiddenLayers,
        @DefaultValue("4096") @Min(1) int maxHiddenUnits,
        @DefaultValue("1000") @Min(1) int maxEpochs,
        @DefaultValue("10000000") @Min(1) long maxSteps,
        @DefaultValue("8192") @Min(1) int maxBatchSize,
        @DefaultValue("262144") @Min(1) int maxConfigurationChars) {
}
