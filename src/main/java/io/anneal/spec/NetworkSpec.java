package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The network: for {@code mlp}, {@code hiddenLayers} dense layers of {@code hiddenUnits}; for
 * {@code cnn}, the {@code convolutions} blocks (by default LeNet-5's: 20 then 50 filters of 5 x 5, each
 * pooled 2 x 2) then the dense layers (by default one of 500 units); for {@code rnn},
 * {@code hiddenLayers} recurrent layers (by default one) of {@code hiddenUnits} {@code cell}s (by
 * default 100 LSTM cells, tanh, Xavier init). The output layer follows the dataset: a softmax over its
 * classes, one linear unit for a value, or a softmax at every step.
 */
public record NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
        InitSpec init, List<ConvBlock> convolutions, @JsonInclude(JsonInclude.Include.NON_NULL) RecurrentCell cell) {

    /** LeNet-5's convolution blocks, as in LeCun et al. (1998) with max pooling and ReLU. */
    public static final List<ConvBlock> LENET = List.of(new ConvBlock(20, 5, 1, 2), new ConvBlock(50, 5, 1, 2));

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init) {
        this(type, hiddenLayers, hiddenUnits, activation, init, null, null);
    }

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init, List<ConvBlock> convolutions) {
        this(type, hiddenLayers, hiddenUnits, activation, init, convolutions, null);
    }

    public NetworkSpec withDefaults() {
        NetworkType kind = type == null ? NetworkType.MLP : type;
        boolean cnn = kind == NetworkType.CNN;
        boolean rnn = kind == NetworkType.RNN;
        return new NetworkSpec(kind,
                hiddenLayers == null ? (cnn || rnn ? 1 : 2) : hiddenLayers,
                hiddenUnits == null ? (cnn ? 500 : 100) : hiddenUnits,
                activation == null ? (rnn ? ActivationKind.TANH : ActivationKind.RELU) : activation,
                init == null ? (rnn ? InitSpec.XAVIER : InitSpec.DEFAULT)
                        : rnn && init.type() == null ? new InitSpec(InitType.XAVIER, init.std()).withDefaults()
                        : init.withDefaults(),
                !cnn ? convolutions : convolutions == null ? LENET
                        : convolutions.stream().map(block -> block == null ? null : block.withDefaults()).toList(),
                rnn && cell == null ? RecurrentCell.LSTM : cell);
    }
}
