package io.anneal.curve;

import java.util.List;

/**
 * A metric's points in the requested step range; {@code downsampled} says whether {@code points}
 * is a selection of the {@code totalPoints} stored.
 */
public record Curve(Metric metric, int totalPoints, boolean downsampled, List<StoredPoint> points) {
}
