/**
 * Training networks with annealed gradient noise. Its API (this package) is small and free of
 * Deeplearning4j types: {@link io.anneal.training.TrainingEngine} runs one spec to its end and reports
 * through a {@link io.anneal.training.TrainingObserver}; {@link io.anneal.training.Datasets} names the
 * data a spec may use; {@link io.anneal.training.TrainedNetworks} predicts with and evaluates saved
 * models; {@link io.anneal.training.ComputeDevices} says what the backend runs on. Everything that
 * touches DL4J or ND4J lives in {@code internal}, and checkpoints and models leave it only as opaque
 * references.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"spec", "artifact", "dataset", "web"})
package io.anneal.training;
