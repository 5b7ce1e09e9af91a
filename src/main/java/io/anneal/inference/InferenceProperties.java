package io.anneal.inference;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the model API, under the {@code anneal.artifacts} prefix the model store shares.
 *
 * @param maxPredictionBatch most instances or images in one prediction request
 */
@Validated
@ConfigurationProperties("anneal.artifacts")
public record InferenceProperties(@DefaultValue("1000") @Min(1) int maxPredictionBatch) {
}
