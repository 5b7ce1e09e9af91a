package io.anneal.training.internal.noise;

/** How the noise variance evolves with the update count {@code t}. */
public enum NoiseSchedule {

    /** The paper's schedule: {@code sigma_t^2 = eta / (1 + t)^gamma}. */
    POLYNOMIAL {
        @Override
        double variance(double eta, double gamma, long step) {
            return eta / Math.pow(1.0 + step, gamma);
        }
    },

    /** A fixed variance {@code eta} at every step: the usual baseline. */
    CONSTANT {
        @Override
        double variance(double eta, double gamma, long step) {
            return eta;
        }
    };

    abstract double variance(double eta, double gamma, long step);
}
