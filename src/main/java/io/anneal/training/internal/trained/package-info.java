/**
 * Trained models as artifacts: the final network of a job as a ModelSerializer zip (with its input
 * scaler and the job spec), loaded back into a bounded cache to predict and evaluate.
 */
package io.anneal.training.internal.trained;
