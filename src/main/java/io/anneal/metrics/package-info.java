/**
 * Every meter of the service, named in {@link io.anneal.metrics.AnnealMeters}: jobs, workers, training
 * steps, the curve writer and ND4J memory. Tags are bounded; no job id is ever a tag on a long-lived meter.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "training", "tenant"})
package io.anneal.metrics;
