package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Network families the service can build. */
public enum NetworkType {
    @JsonProperty("mlp") MLP
}
