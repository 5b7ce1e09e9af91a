package io.anneal.training.internal.trained;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The model store.
 *
 * @param root directory holding {@code <job id>/model.zip}; share it between replicas (the Helm
 *     chart mounts one volume for it)
 * @param cachedModels models kept loaded for predictions (least recently used ones are dropped)
 */
@Validated
@ConfigurationProperties("anneal.artifacts")
public record ArtifactProperties(@DefaultValue(".anneal/artifacts") String root,
        @DefaultValue("8") @Min(1) int cachedModels) {
}
