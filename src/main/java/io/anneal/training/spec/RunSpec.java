package io.anneal.training.spec;

/** Everything the trainer needs for one run; {@code gradientNoise} is null for plain training. */
public record RunSpec(DatasetRef dataset, ModelSpec model, OptimizerSpec optimizer, NoiseSpec gradientNoise,
        LoopSpec training) {
}
