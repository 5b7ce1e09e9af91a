package io.anneal.training;

import io.anneal.training.checkpoint.CheckpointProperties;
import io.anneal.training.checkpoint.CheckpointSchedule;
import io.anneal.training.checkpoint.CheckpointStore;
import io.anneal.training.model.ModelStore;
import io.anneal.training.spec.LoopSpec;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Hands out trainers configured from {@link TrainingProperties}, after ND4J has been configured. */
@Component
public class TrainerFactory {

    private final TrainingProperties properties;
    private final CheckpointStore checkpoints;
    private final CheckpointProperties checkpointDefaults;
    private final ModelStore models;

    public TrainerFactory(TrainingProperties properties, Nd4jRuntime runtime, CheckpointStore checkpoints,
            CheckpointProperties checkpointDefaults, ModelStore models) {
        this.models = models;
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.checkpointDefaults = checkpointDefaults;
    }

    public Trainer trainer() {
        return new Trainer(properties.sampleEvery(), checkpoints, models, properties.engine());
    }

    /** The server's schedule, tightened by what the spec asks for. */
    public CheckpointSchedule schedule(LoopSpec loop) {
        Duration every = checkpointDefaults.every();
        if (loop.checkpointEverySeconds() != null) {
            Duration asked = Duration.ofSeconds(loop.checkpointEverySeconds());
            every = every == null || asked.compareTo(every) < 0 ? asked : every;
        }
        long steps = checkpointDefaults.everySteps();
        if (loop.checkpointEverySteps() != null) {
            steps = steps == 0 ? loop.checkpointEverySteps() : Math.min(steps, loop.checkpointEverySteps());
        }
        return new CheckpointSchedule(every, steps);
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }
}
