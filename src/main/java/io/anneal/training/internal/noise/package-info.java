/**
 * Annealed gradient noise (Neelakantan et al., 2015) as a Deeplearning4j updater that wraps any base
 * updater: noise is added after per-layer clipping and before the optimizer's own transformation.
 */
package io.anneal.training.internal.noise;
