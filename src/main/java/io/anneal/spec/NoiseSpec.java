package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Annealed gradient noise: variance {@code eta / (1 + t)^gamma} (or {@code eta} when constant),
 * drawn from {@code seed}; no noise after {@code stopAfterStep} when set.
 */
public record NoiseSpec(Double eta, Double gamma, Long seed, Schedule schedule, Correlation correlation,
        Long stopAfterStep, Boolean applyToBiases) {

    public NoiseSpec withDefaults() {
        return new NoiseSpec(eta, gamma == null ? 0.55 : gamma, seed == null ? 0L : seed,
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
