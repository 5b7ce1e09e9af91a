package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The network: for {@code mlp}, {@code hiddenLayers} dense layers of {@code hiddenUnits}; for
 * {@code cnn}, the {@code convolutions} blocks (by default LeNet-5's: 20 then 50 filters of 5 x 5, each
 * pooled 2 x 2) then the dense layers (by default one of 500 units); for {@code rnn},
 * {@code hiddenLayers} recurrent layers (by default one) of {@code hiddenUnits} {@code cell}s (by
 * default 100 LSTM cells, tanh, Xavier init). The output layer follows the dataset: a softmax over its
 * classes, one linear unit for a value, or a softmax at every step. For {@code dl4j}, {@code configuration}
 * is a DL4J {@code MultiLayerConfiguration} as JSON and carries the layers, their activations,
 * initialisation and loss; no other field applies and none gets a default.
 */
public record NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
        InitSpec init, List<ConvBlock> convolutions, @JsonInclude(JsonInclude.Include.NON_NULL) RecurrentCell cell,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode configuration) {

    /** LeNet-5's convolution blocks, as in LeCun et al. (1998) with max pooling and ReLU. */
    public static final List<ConvBlock> LENET = List.of(new ConvBlock(20, 5, 1, 2), new ConvBlock(50, 5, 1, 2));

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init) {
        this(type, hiddenLayers, hiddenUnits, activation, init, null, null, null);
    }

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init, List<ConvBlock> convolutions) {
        this(type, hiddenLayers, hiddenUnits, activation, init, convolutions, null, null);
    }

    public NetworkSpec(NetworkType type, Integer hiddenLayers, Integer hiddenUnits, ActivationKind activation,
            InitSpec init, List<ConvBlock> convolutions, RecurrentCell cell) {
        this(type, hiddenLayers, hiddenUnits, activation, init, convolutions, cell, null);
    }

    public NetworkSpec withDefaults() {
        NetworkType kind = type == null ? NetworkType.MLP : type;
        if (kind == NetworkType.DL4J) {
            return new NetworkSpec(kind, hiddenLayers, hiddenUnits, activation, init, convolutions, cell,
                    configuration);
        }
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
                rnn && cell == null ? RecurrentCell.LSTM : cell, configuration);
    }
}
