package io.anneal.curve;

import java.util.ArrayList;
import java.util.List;

/**
 * Largest-Triangle-Three-Buckets (Steinarsson, 2013): keeps the first and last point and, from each
 * bucket in between, the point that forms the largest triangle with its neighbours' choices. Spikes
 * such as a loss blow-up survive, unlike with averaging or striding.
 */
final class Downsampler {

    private Downsampler() {
    }

    static List<StoredPoint> lttb(List<StoredPoint> points, int target) {
        if (target >= points.size() || target < 3) {
            return target < 3 && points.size() > target ? ends(points, target) : points;
        }
        List<StoredPoint> kept = new ArrayList<>(target);
        kept.add(points.get(0));
        double bucketWidth = (double) (points.size() - 2) / (target - 2);
        int previous = 0;
        for (int bucket = 0; bucket < target - 2; bucket++) {
            int start = (int) Math.floor(bucket * bucketWidth) + 1;
            int end = (int) Math.floor((bucket + 1) * bucketWidth) + 1;
            double[] next = averageOf(points, end, (int) Math.min(points.size(), Math.floor((bucket + 2) * bucketWidth) + 1));
            int chosen = largestTriangle(points, previous, start, end, next);
            kept.add(points.get(chosen));
            previous = chosen;
        }
        kept.add(points.get(points.size() - 1));
        return kept;
    }

    private static int largestTriangle(List<StoredPoint> points, int previous, int start, int end, double[] next) {
        StoredPoint a = points.get(previous);
        double bestArea = -1;
        int best = start;
        for (int i = start; i < end; i++) {
            StoredPoint p = points.get(i);
            double area = Math.abs((a.step() - next[0]) * (p.value() - a.value())
                    - (a.step() - p.step()) * (next[1] - a.value()));
            if (area > bestArea) {
                bestArea = area;
                best = i;
            }
        }
        return best;
    }

    private static double[] averageOf(List<StoredPoint> points, int start, int end) {
        if (start >= end) {
            StoredPoint last = points.get(points.size() - 1);
            return new double[] {last.step(), last.value()};
        }
        double step = 0;
        double value = 0;
        for (int i = start; i < end; i++) {
            step += points.get(i).step();
            value += points.get(i).value();
        }
        return new double[] {step / (end - start), value / (end - start)};
    }

    private static List<StoredPoint> ends(List<StoredPoint> points, int target) {
        if (target <= 1) {
            return List.of(points.get(points.size() - 1));
        }
        return List.of(points.get(0), points.get(points.size() - 1));
    }
}
