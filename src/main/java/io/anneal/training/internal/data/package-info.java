/**
 * The dataset catalog: MNIST-format folders under the data roots, the downloadable full MNIST and a
 * small synthetic set, each loaded once and shared read-only between workers.
 */
package io.anneal.training.internal.data;
