package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Annealed gradient noise: variance {@code eta / (1 + t)^gamma} (or {@code eta} when constant),
 * drawn from {@code seed} (by default the job's training seed, so runs that differ in their seed also
 * differ in their noise); no noise after {@code stopAfterStep} when set.
 */
public record NoiseSpec(Double eta, Double gamma, Long seed, Schedule schedule, Correlation correlation,
        Long stopAfterStep, Boolean applyToBiases) {

    /** Defaults with seed 0; a job's noise seed defaults to its training seed instead (see {@link JobSpec}). */
    public NoiseSpec withDefaults() {
        return withDefaults(0L);
    }

    /** Every default filled in; an absent {@code seed} becomes {@code defaultSeed}. */
    public NoiseSpec withDefaults(long defaultSeed) {
        return new NoiseSpec(eta, gamma == null ? 0.55 : gamma, seed == null ? defaultSeed : seed,
                schedule == null ? Schedule.POLYNOMIAL : schedule,
                correlation == null ? Correlation.INDEPENDENT : correlation,
                stopAfterStep, applyToBiases == null ? Boolean.TRUE : applyToBiases);
    }

    /** How the variance decays. */
    public enum Schedule {
        @JsonProperty("polynomial") POLYNOMIAL,
        @JsonProperty("constant") CONSTANT
    }

    /** Independent draws (the paper) or anticorrelated increments (Anti-PGD). */
    public enum Correlation {
        @JsonProperty("independent") INDEPENDENT,
        @JsonProperty("anticorrelated") ANTICORRELATED
    }
}
