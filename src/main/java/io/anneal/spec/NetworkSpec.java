package io.anneal.spec;

/** A multilayer perceptron: {@code hiddenLayers} dense layers of {@code hiddenUnits}, softmax output. */
public record NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
        InitSpec init) {

    public NetworkSpec withDefaults() {
        return new NetworkSpec(type == null ? NetworkType.MLP : type,
                hiddenLayers == null ? 2 : hiddenLayers,
                hiddenUnits == null ? 100 : hiddenUnits,
                activation == null ? ActivationKind.RELU : activation,
                init == null ? InitSpec.DEFAULT : init.withDefaults());
    }
}
