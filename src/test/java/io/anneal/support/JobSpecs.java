package io.anneal.support;

/** Job specs as users write them, as JSON text; small networks that train in a second. */
public final class JobSpecs {

    private JobSpecs() {
    }

    /** A 1 x 16 MLP on the synthetic digits, with noise. */
    public static String small(String name) {
        return small(name, 2, 0);
    }

    public static String small(String name, int epochs, int priority) {
        return """
                {"name": "%s", "dataset": {"name": "synthetic"},
                 "model": {"type": "mlp", "hiddenLayers": 1, "hiddenUnits": 16},
                 "optimizer": {"type": "sgd", "learningRate": 0.1},
                 "gradientNoise": {"eta": 0.01, "seed": 7},
                 "training": {"epochs": %d, "batchSize": 50, "seed": 1},
                 "priority": %d}""".formatted(name, epochs, priority);
    }

    /** Runs until stopped: as many steps as the limits allow. */
    public static String endless(String name) {
        return """
                {"name": "%s", "dataset": {"name": "synthetic"},
                 "model": {"hiddenLayers": 1, "hiddenUnits": 16},
                 "training": {"maxSteps": 10000000, "batchSize": 50}}""".formatted(name);
    }
}
