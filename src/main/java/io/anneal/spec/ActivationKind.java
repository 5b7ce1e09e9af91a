package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Hidden-layer activations. */
public enum ActivationKind {
    @JsonProperty("relu") RELU,
    @JsonProperty("leakyrelu") LEAKYRELU,
    @JsonProperty("tanh") TANH,
    @JsonProperty("sigmoid") SIGMOID
}
