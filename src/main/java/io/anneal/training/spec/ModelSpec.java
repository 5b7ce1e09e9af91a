package io.anneal.training.spec;

/** A multilayer perceptron: {@code hiddenLayers} dense layers of {@code hiddenUnits}, softmax output. */
public record ModelSpec(ModelType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
        InitSpec init) {

    public ModelSpec withDefaults() {
        return new ModelSpec(type == null ? ModelType.MLP : type,
                hiddenLayers == null ? 2 : hiddenLayers,
                hiddenUnits == null ? 100 : hiddenUnits,
                activation == null ? ActivationKind.RELU : activation,
                init == null ? InitSpec.DEFAULT : init.withDefaults());
    }
}
