/**
 * Runs jobs: the worker pool (one worker per CPU slot or GPU), waking on new jobs, heartbeats and
 * leases, and handing progress to the curve writer.
 */
package io.anneal.execution;
