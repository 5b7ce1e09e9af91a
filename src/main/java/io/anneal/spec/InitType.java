package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Weight initialisations, including the paper's: {@code normal} is its "Simple Init" with std 0.1,
 * {@code sussilloAbbott} and {@code he} its two "Good Init"s, {@code zero} its worst start.
 */
public enum InitType {
    @JsonProperty("normal") NORMAL,
    @JsonProperty("zero") ZERO,
    @JsonProperty("xavier") XAVIER,
    @JsonProperty("he") HE,
    @JsonProperty("sussilloAbbott") SUSSILLO_ABBOTT
}
