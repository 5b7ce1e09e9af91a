package io.anneal.curve;

import java.util.List;

/**
 * A metric's points in the requested step range; {@code downsampled} says whether {@code points}
 * is a selection of the {@code totalPoints} stored. {@code cursor} is the number of the job's last
 * written point (of any metric) when this was read: {@code /events?after=<cursor>} streams what comes
 * after it.
 */
public record Curve(Metric metric, int totalPoints, boolean downsampled, long cursor, List<StoredPoint> points) {
}
