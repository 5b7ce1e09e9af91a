package io.anneal.curve;

/** A point as streamed: its metric, step, epoch and value; {@code seq} orders every point ever written. */
record StreamedPoint(long seq, Metric metric, long step, int epoch, double value) {
}
