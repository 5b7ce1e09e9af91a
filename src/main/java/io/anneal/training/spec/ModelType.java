package io.anneal.training.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Network families the service can build. */
public enum ModelType {
    @JsonProperty("mlp") MLP
}
