package io.anneal.spec;

/** Everything the trainer needs for one run; {@code gradientNoise} is null for plain training. */
public record RunSpec(DatasetRef dataset, NetworkSpec model, OptimizerSpec optimizer, NoiseSpec gradientNoise,
        LoopSpec training) {
}
