package io.anneal.execution;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code anneal.workers}: training jobs run at once. Unset means one per CPU core on the CPU backend
 * and one per GPU on CUDA; 0 turns this instance into an API-only node.
 */
@Validated
@ConfigurationProperties("anneal")
public record WorkerProperties(@Min(0) Integer workers) {
}
