/**
 * Experiments: a base spec, a grid of spec paths and values, and seeds, expanded into jobs; their
 * results summarised per grid cell (best, mean, std, median of a metric) as JSON, markdown or CSV;
 * presets such as the paper's Table 1.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "spec", "curve", "web", "tenant"})
package io.anneal.experiment;
