package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Network families the service can build. */
public enum NetworkType {
    /** Dense layers only. */
    @JsonProperty("mlp") MLP,
    /** Convolution and pooling blocks, then dense layers: for images (LeNet-5 by default). */
    @JsonProperty("cnn") CNN,
    /**
     * Stacked recurrent layers, for sequences: the last step's state feeds the output when an example
     * has one answer, every step's state when each step has its own.
     */
    @JsonProperty("rnn") RNN,
    /**
     * A user's own DL4J {@code MultiLayerConfiguration}, as its {@code toJson()} writes it, read against an
     * allow-list of DL4J's own types.
     */
    @JsonProperty("dl4j") DL4J
}
