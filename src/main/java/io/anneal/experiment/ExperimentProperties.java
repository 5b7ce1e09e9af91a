package io.anneal.experiment;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Experiment limits.
 *
 * @param maxRuns most jobs (cells x seeds) one experiment may create
 */
@Validated
@ConfigurationProperties("anneal.experiments")
public record ExperimentProperties(@DefaultValue("1000") @Min(1) int maxRuns) {
}
