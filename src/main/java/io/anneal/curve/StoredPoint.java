package io.anneal.curve;

import java.time.Instant;

/** A curve point as read back and sent on the wire. */
public record StoredPoint(long step, int epoch, double value, Instant time) {
}
