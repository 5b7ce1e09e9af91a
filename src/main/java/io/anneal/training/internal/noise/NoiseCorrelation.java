package io.anneal.training.internal.noise;

/** Whether consecutive perturbations are independent or anticorrelated. */
public enum NoiseCorrelation {

    /** A fresh draw {@code xi_t ~ N(0, sigma_t^2)} per step: the paper's method. */
    INDEPENDENT,

    /**
     * Adds {@code xi_t - xi_{t-1}} (Anti-PGD, Orvieto et al. 2022) with the same sigma schedule; the
     * perturbations telescope, so the parameters see a bounded random walk instead of a diffusing one.
     */
    ANTICORRELATED
}
