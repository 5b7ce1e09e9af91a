package io.anneal.training;

/**
 * One sampled update. {@code step} counts updates from 1; {@code loss} is the minibatch loss of that
 * update, {@code sigma} the noise standard deviation and {@code learningRate} the rate it used.
 */
public record SampledUpdate(long step, int epoch, double loss, double sigma, double learningRate) {
}
