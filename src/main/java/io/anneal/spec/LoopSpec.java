package io.anneal.spec;

/**
 * How long and in what batches to train: {@code epochs} passes over the training split, ended early
 * at {@code maxSteps} updates when set. {@code seed} drives initialisation, shuffling and the choice of
 * validation rows. {@code validationFraction} of the training split (stratified by class) is held out
 * as a validation split, measured at the end of every epoch and never trained on; {@code keepBest}
 * keeps the model that scored best on it (by default the most accurate one when there is a validation
 * split).
 */
public record LoopSpec(Integer epochs, Long maxSteps, Integer batchSize, Long seed, Long checkpointEverySteps,
        Integer checkpointEverySeconds, Double validationFraction, KeepBest keepBest) {

    public LoopSpec(Integer epochs, Long maxSteps, Integer batchSize, Long seed) {
        this(epochs, maxSteps, batchSize, seed, null, null, null, null);
    }

    public LoopSpec(Integer epochs, Long maxSteps, Integer batchSize, Long seed, Long checkpointEverySteps,
            Integer checkpointEverySeconds) {
        this(epochs, maxSteps, batchSize, seed, checkpointEverySteps, checkpointEverySeconds, null, null);
    }

    public LoopSpec withDefaults() {
        KeepBest keep = keepBest != null ? keepBest
                : hasValidation() ? KeepBest.VALIDATION_ACCURACY : KeepBest.NONE;
        return new LoopSpec(epochs == null && maxSteps == null ? Integer.valueOf(5) : epochs, maxSteps,
                batchSize == null ? 128 : batchSize, seed == null ? 1L : seed, checkpointEverySteps,
                checkpointEverySeconds, validationFraction, keep);
    }

    /** The same loop holding out {@code fraction} of the training split for validation. */
    public LoopSpec withValidation(double fraction, KeepBest keep) {
        return new LoopSpec(epochs, maxSteps, batchSize, seed, checkpointEverySteps, checkpointEverySeconds,
                fraction, keep);
    }

    public boolean hasValidation() {
        return validationFraction != null && validationFraction > 0;
    }

    /** Whether a best model is kept (defaults filled in). */
    public boolean keepsBest() {
        return keepBest != null && keepBest != KeepBest.NONE;
    }

    public static LoopSpec defaults() {
        return new LoopSpec(null, null, null, null).withDefaults();
    }
}
