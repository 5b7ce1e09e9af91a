/**
 * What a user asks to train, as plain records: the wire format of a job spec and the input of
 * {@link io.anneal.training.Trainer}. No DL4J types leak into it.
 */
package io.anneal.training.spec;
