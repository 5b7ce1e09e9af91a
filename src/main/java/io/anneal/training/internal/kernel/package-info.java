/**
 * The training step of Anneal's networks computed with one BLAS call per matrix product, straight on
 * the DL4J network's own parameter and gradient buffers: a forward and backward pass over a stack of
 * dense layers ending in softmax with cross-entropy, handed to the network's own DL4J updater (so
 * gradient noise, clipping, momentum and Adam state are DL4J's). Networks it cannot express, and
 * non-CPU backends, train through {@code MultiLayerNetwork.fit}.
 */
package io.anneal.training.internal.kernel;
