package io.anneal.training.internal;

/** Where the service draws gradient noise ({@code anneal.training.noise-drawing}). */
public enum NoiseDrawing {
    /**
     * Straight onto the gradient on the training thread: no extra thread, no array, no copy (the default).
     * CPU backend only: on a GPU each noisy block would copy the whole gradient to the host and back, so
     * there it draws as {@link #PREFETCH}.
     */
    IN_PLACE,
    /**
     * A step ahead on a pool of background threads (one per core) while the current step computes; on a
     * GPU backend the noise then reaches the device as one copy while the training thread waits for it.
     */
    PREFETCH,
    /** Into an array of its own on the training thread when the step needs it. */
    INLINE
}
