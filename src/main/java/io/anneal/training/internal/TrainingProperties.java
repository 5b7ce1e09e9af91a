package io.anneal.training.internal;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ND4J runs training.
 *
 * @param threadsPerJob ND4J and BLAS threads per training job; 1 is fastest for the small matrices of
 *     MLPs and lets jobs run side by side without oversubscribing the cores
 * @param noiseDrawing where gradient noise is drawn: {@code in-place} (on a GPU backend as
 *     {@code prefetch}), {@code prefetch} (a step ahead on a pool) or {@code inline}
 * @param sampleEvery record loss, sigma and learning rate every k-th update
 * @param engine what computes each update: Anneal's dense-stack kernel (default; falls back to DL4J
 *     for networks it cannot express and on non-CPU backends) or DL4J's {@code MultiLayerNetwork.fit}
 */
@Validated
@ConfigurationProperties("anneal.training")
public record TrainingProperties(@DefaultValue("1") @Min(1) int threadsPerJob,
        @DefaultValue("IN_PLACE") NoiseDrawing noiseDrawing,
        @DefaultValue("10") @Min(1) int sampleEvery,
        @DefaultValue("KERNEL") UpdateEngine engine) {
}
