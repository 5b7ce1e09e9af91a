package io.anneal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The cell of a recurrent network's layers. */
public enum RecurrentCell {
    /** Long short-term memory (Hochreiter and Schmidhuber, 1997), without peepholes; forget-gate bias 1. */
    @JsonProperty("lstm") LSTM,
    /** A plain (Elman) recurrent layer: {@code h_t = f(W x_t + R h_(t-1) + b)}. */
    @JsonProperty("simpleRnn") SIMPLE_RNN
}
