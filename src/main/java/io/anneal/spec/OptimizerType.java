package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Base optimizers the noise can wrap. */
public enum OptimizerType {
    @JsonProperty("sgd") SGD(0.1),
    @JsonProperty("nesterovs") NESTEROVS(0.1),
    @JsonProperty("adam") ADAM(1e-3),
    @JsonProperty("adagrad") ADAGRAD(0.1),
    @JsonProperty("rmsprop") RMSPROP(1e-3),
    @JsonProperty("adadelta") ADADELTA(Double.NaN);

    private final double defaultLearningRate;

    OptimizerType(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /** NaN for AdaDelta, which has no learning rate. */
    public Double defaultLearningRate() {
        return Double.isNaN(defaultLearningRate) ? null : defaultLearningRate;
    }
}
