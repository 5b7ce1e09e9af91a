/**
 * Using a trained model over HTTP: download the model file of a succeeded job, classify instances or
 * PNG digits with it, evaluate it on any dataset of the catalog.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"job", "training", "artifact", "spec", "web"})
package io.anneal.inference;
