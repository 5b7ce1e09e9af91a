/**
 * Runs jobs: the worker pool (one worker per CPU slot or GPU), waking on new jobs, heartbeats and
 * leases, and handing progress to the curve writer.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "training", "curve", "metrics", "spec", "artifact", "tenant", "database"})
package io.anneal.execution;
