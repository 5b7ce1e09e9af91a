package io.anneal.spec;


/**
 * A job as submitted. Everything but {@code dataset} and {@code model} has a default;
 * {@code gradientNoise: null} trains without noise.
 */
public record JobSpec(String name, DatasetRef dataset, NetworkSpec model, OptimizerSpec optimizer,
        NoiseSpec gradientNoise, LoopSpec training, Integer priority) {

    /** The spec with every default filled in, as stored and shown back to the user. */
    public JobSpec withDefaults() {
        LoopSpec loop = training == null ? LoopSpec.defaults() : training.withDefaults();
        return new JobSpec(name == null || name.isBlank() ? "job" : name.strip(), dataset,
                model == null ? null : model.withDefaults(),
                optimizer == null ? new OptimizerSpec(null, null, null, null).withDefaults() : optimizer.withDefaults(),
                gradientNoise == null ? null : gradientNoise.withDefaults(loop.seed()),
                loop, priority == null ? 0 : priority);
    }

    /** The same spec naming {@code ref} as its dataset. */
    public JobSpec withDataset(DatasetRef ref) {
        return new JobSpec(name, ref, model, optimizer, gradientNoise, training, priority);
    }

    public RunSpec toRunSpec() {
        return new RunSpec(dataset, model, optimizer, gradientNoise, training);
    }
}
