package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Gradient clipping modes: the norm of each layer's gradient ({@code l2PerLayer}), each element
 * ({@code elementWise}), or the norm of the whole gradient ({@code l2Global}).
 */
public enum ClippingType {
    @JsonProperty("none") NONE,
    @JsonProperty("l2PerLayer") L2_PER_LAYER,
    @JsonProperty("elementWise") ELEMENT_WISE,
    /**
     * The L2 norm of the whole gradient, all layers together, scaled down to the threshold when above it
     * (TensorFlow's {@code clip_by_global_norm}, PyTorch's {@code clip_grad_norm_}).
     */
    @JsonProperty("l2Global") L2_GLOBAL
}
