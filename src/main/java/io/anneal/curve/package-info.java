/**
 * Metric curves of jobs: points buffered off the training thread and written in batches, and read
 * back downsampled on the server.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "metrics", "web"})
package io.anneal.curve;
