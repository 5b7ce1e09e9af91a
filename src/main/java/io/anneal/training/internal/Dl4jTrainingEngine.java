package io.anneal.training.internal;

import io.anneal.artifact.BestModel;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.LoopSpec;
import io.anneal.training.TrainingEngine;
import io.anneal.training.TrainingFailedException;
import io.anneal.training.TrainingObserver;
import io.anneal.training.TrainingResult;
import io.anneal.training.TrainingRun;
import io.anneal.training.internal.checkpoint.CheckpointProperties;
import io.anneal.training.internal.checkpoint.CheckpointSchedule;
import io.anneal.training.internal.checkpoint.CheckpointStore;
import io.anneal.training.internal.data.Dataset;
import io.anneal.training.internal.data.DatasetCatalog;
import io.anneal.training.internal.trained.ModelStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Trains runs with Deeplearning4j, configured from {@link TrainingProperties} after ND4J has been set up. */
@Component
class Dl4jTrainingEngine implements TrainingEngine {

    private final TrainingProperties properties;
    private final Nd4jRuntime runtime;
    private final DatasetCatalog datasets;
    private final CheckpointStore checkpoints;
    private final CheckpointProperties checkpointDefaults;
    private final ModelStore models;

    Dl4jTrainingEngine(TrainingProperties properties, Nd4jRuntime runtime, DatasetCatalog datasets,
            CheckpointStore checkpoints, CheckpointProperties checkpointDefaults, ModelStore models) {
        this.properties = properties;
        this.runtime = runtime;
        this.datasets = datasets;
        this.checkpoints = checkpoints;
        this.checkpointDefaults = checkpointDefaults;
        this.models = models;
    }

    @Override
    public TrainingResult train(TrainingRun run, TrainingObserver observer) {
        RunOptions options = new RunOptions(run.key(), run.resumeFrom(), schedule(run.spec().training()),
                run.specJson());
        Trainer trainer = new Trainer(properties.sampleEvery(), checkpoints, models, properties.engine(),
                runtime.noisePrefetch());
        return trainer.train(run.spec(), dataset(run.spec().dataset()), observer, options);
    }

    /** The run's dataset, refused when its content is no longer what the job was submitted with. */
    private Dataset dataset(DatasetRef ref) {
        Optional<String> current = ref.sha256() == null ? Optional.empty() : datasets.sha256(ref.name());
        if (ref.sha256() != null && !current.equals(Optional.of(ref.sha256()))) {
            throw TrainingFailedException.invalidData(current
                    .map(now -> "dataset '" + ref.name() + "' changed since the job was submitted: SHA-256 " + now
                            + ", submitted with " + ref.sha256())
                    .orElse("dataset '" + ref.name() + "' (SHA-256 " + ref.sha256() + ") was deleted"), null);
        }
        return datasets.dataset(ref.name());
    }

    @Override
    public void discardCheckpoints(String key, BestModel kept) {
        checkpoints.deleteAll(key);
        models.pruneBest(key, kept == null ? Set.of() : Set.of(kept.model().location()));
    }

    @Override
    public void discardAll(String key) {
        checkpoints.deleteAll(key);
        models.delete(key);
    }

    /** The server's schedule, tightened by what the spec asks for. */
    CheckpointSchedule schedule(LoopSpec loop) {
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
}
