/**
 * Datasets users upload: a CSV with a label column, or the four MNIST IDX files in a zip. An upload is
 * streamed to disk, validated completely before it exists (nothing is left of a bad one), converted
 * to a canonical binary form per split and kept in a content-addressed store; its description lives
 * in PostgreSQL. {@link io.anneal.dataset.UploadedDatasets} is what the training module reads. It
 * knows nothing of training; it asks {@code job} whether an unfinished job still needs a dataset.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "web", "artifact", "tenant"})
package io.anneal.dataset;
