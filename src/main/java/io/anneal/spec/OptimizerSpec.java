package io.anneal.spec;

/** The base optimizer and per-layer gradient clipping, applied before the noise is added. */
public record OptimizerSpec(OptimizerType type, Double learningRate, Double momentum,
        ClippingSpec gradientClipping) {

    public OptimizerSpec withDefaults() {
        OptimizerType resolved = type == null ? OptimizerType.SGD : type;
        return new OptimizerSpec(resolved,
                learningRate == null ? resolved.defaultLearningRate() : learningRate,
                momentum == null && resolved == OptimizerType.NESTEROVS ? Double.valueOf(0.9) : momentum,
                gradientClipping == null ? ClippingSpec.NONE : gradientClipping.withDefaults());
    }
}
