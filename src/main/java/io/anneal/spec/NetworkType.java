package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Network families the service can build. */
public enum NetworkType {
    /** Dense layers only. */
    @JsonProperty("mlp") MLP,
    /** Convolution and pooling blocks, then dense layers: for images (LeNet-5 by default). */
    @JsonProperty("cnn") CNN
}
