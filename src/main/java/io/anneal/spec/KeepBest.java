package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which model a job keeps besides its final one: none, or the one with the highest accuracy or the
 * lowest loss on the validation split, measured at the end of every epoch. The test split is never
 * used to choose.
 */
public enum KeepBest {
    @JsonProperty("none") NONE,
    @JsonProperty("validationAccuracy") VALIDATION_ACCURACY,
    @JsonProperty("validationLoss") VALIDATION_LOSS;

    /** Whether {@code candidate} is strictly better than {@code best}; a non-finite value never is. */
    public boolean improves(double candidate, double best) {
        if (!Double.isFinite(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return this == VALIDATION_LOSS ? candidate < best : candidate > best;
    }

    /** The name users write, as in the spec. */
    public String wireName() {
        return switch (this) {
            case NONE -> "none";
            case VALIDATION_ACCURACY -> "validationAccuracy";
            case VALIDATION_LOSS -> "validationLoss";
        };
    }
}
