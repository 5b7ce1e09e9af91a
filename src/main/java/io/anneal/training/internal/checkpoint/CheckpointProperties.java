package io.anneal.training.internal.checkpoint;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The checkpoint store and the server's default schedule (a spec may ask for more often).
 *
 * @param root directory holding one folder of checkpoints per job
 * @param every checkpoint after this much training time
 * @param everySteps also checkpoint every this many updates; 0 means only by time
 * @param keep how many of a run's newest checkpoints stay on disk
 */
@Validated
@ConfigurationProperties("anneal.checkpoints")
public record CheckpointProperties(@DefaultValue(".anneal/checkpoints") String root,
        @DefaultValue("20s") Duration every,
        @DefaultValue("0") @Min(0) long everySteps,
        @DefaultValue("3") @Min(1) int keep) {
}
