package io.anneal.training.internal;

/** What computes each minibatch update. */
public enum UpdateEngine {
    /**
     * Anneal's dense-stack kernel (direct BLAS calls on the network's buffers, DL4J's updater) for
     * networks it can express on the CPU backend; any other network falls back to {@link #DL4J}.
     */
    KERNEL,
    /** {@code MultiLayerNetwork.fit}, DL4J's own layer-by-layer path. */
    DL4J
}
