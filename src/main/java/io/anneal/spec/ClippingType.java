package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Gradient clipping modes. */
public enum ClippingType {
    @JsonProperty("none") NONE,
    @JsonProperty("l2PerLayer") L2_PER_LAYER,
    @JsonProperty("elementWise") ELEMENT_WISE
}
