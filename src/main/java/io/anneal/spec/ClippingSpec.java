package io.anneal.spec;

/** Per-layer gradient clipping: {@code l2PerLayer} rescales a layer's gradient to an L2 norm of at most threshold. */
public record ClippingSpec(ClippingType type, Double threshold) {

    public static final ClippingSpec NONE = new ClippingSpec(ClippingType.NONE, null);

    public ClippingSpec withDefaults() {
        ClippingType resolved = type == null ? ClippingType.NONE : type;
        return new ClippingSpec(resolved, resolved != ClippingType.NONE && threshold == null ? Double.valueOf(10.0) : threshold);
    }
}
