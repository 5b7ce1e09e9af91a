package io.anneal.spec;

/**
 * How long and in what batches to train: {@code epochs} passes over the training split, ended early
 * at {@code maxSteps} updates when set. {@code seed} drives initialisation and shuffling.
 */
public record LoopSpec(Integer epochs, Long maxSteps, Integer batchSize, Long seed, Long checkpointEverySteps,
        Integer checkpointEverySeconds) {

    public LoopSpec(Integer epochs, Long maxSteps, Integer batchSize, Long seed) {
        this(epochs, maxSteps, batchSize, seed, null, null);
    }

    public LoopSpec withDefaults() {
        return new LoopSpec(epochs == null && maxSteps == null ? Integer.valueOf(5) : epochs, maxSteps,
                batchSize == null ? 128 : batchSize, seed == null ? 1L : seed, checkpointEverySteps,
                checkpointEverySeconds);
    }

    public static LoopSpec defaults() {
        return new LoopSpec(null, null, null, null).withDefaults();
    }
}
