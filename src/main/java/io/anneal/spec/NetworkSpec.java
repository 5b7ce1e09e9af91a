package io.anneal.spec;

import java.util.List;

/**
 * The network: for {@code mlp}, {@code hiddenLayers} dense layers of {@code hiddenUnits}; for
 * {@code cnn}, the {@code convolutions} blocks (by default LeNet-5's: 20 then 50 filters of 5 x 5, each
 * pooled 2 x 2) then the dense layers (by default one of 500 units). Both end in a softmax output.
 */
public record NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
        InitSpec init, List<ConvBlock> convolutions) {

    /** LeNet-5's convolution blocks, as in LeCun et al. (1998) with max pooling and ReLU. */
    public static final List<ConvBlock> LENET = List.of(new ConvBlock(20, 5, 1, 2), new ConvBlock(50, 5, 1, 2));

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init) {
        this(type, hiddenLayers, hiddenUnits, activation, init, null);
    }

    public NetworkSpec withDefaults() {
        NetworkType kind = type == null ? NetworkType.MLP : type;
        boolean cnn = kind == NetworkType.CNN;
        return new NetworkSpec(kind,
                hiddenLayers == null ? (cnn ? 1 : 2) : hiddenLayers,
                hiddenUnits == null ? (cnn ? 500 : 100) : hiddenUnits,
                activation == null ? ActivationKind.RELU : activation,
                init == null ? InitSpec.DEFAULT : init.withDefaults(),
                !cnn ? convolutions : convolutions == null ? LENET
                        : convolutions.stream().map(block -> block == null ? null : block.withDefaults()).toList());
    }
}
