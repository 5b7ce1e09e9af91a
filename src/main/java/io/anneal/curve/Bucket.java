package io.anneal.curve;

/**
 * A summary of the points of one metric of a job whose steps fall into {@code [bucket << level,
 * (bucket + 1) << level)}: how many, and the first, last, lowest and highest of them (ties go to the
 * earlier step). A row of {@code curve_summary}; merging two summaries of disjoint points gives the
 * summary of both.
 */
record Bucket(Metric metric, int level, long bucket, int points, long firstStep, double firstValue,
        long lastStep, double lastValue, long minStep, double minValue, long maxStep, double maxValue) {

    /** The levels kept: buckets of 16, 64, ..., 2^24 steps. */
    static final int FINEST_LEVEL = 4;
    static final int COARSEST_LEVEL = 24;
    static final int LEVEL_STEP = 2;

    static Bucket of(Metric metric, int level, long step, double value) {
        return new Bucket(metric, level, step >> level, 1, step, value, step, value, step, value, step, value);
    }

    /** The summary of these points and {@code other}'s, which hold no common step. */
    Bucket merge(Bucket other) {
        boolean otherFirst = other.firstStep < firstStep;
        boolean otherLast = other.lastStep > lastStep;
        boolean otherMin = other.minValue < minValue || other.minValue == minValue && other.minStep < minStep;
        boolean otherMax = other.maxValue > maxValue || other.maxValue == maxValue && other.maxStep < maxStep;
        return new Bucket(metric, level, bucket, points + other.points,
                otherFirst ? other.firstStep : firstStep, otherFirst ? other.firstValue : firstValue,
                otherLast ? other.lastStep : lastStep, otherLast ? other.lastValue : lastValue,
                otherMin ? other.minStep : minStep, otherMin ? other.minValue : minValue,
                otherMax ? other.maxStep : maxStep, otherMax ? other.maxValue : maxValue);
    }

    /** The same points summarised one level ({@link #LEVEL_STEP} doublings) coarser. */
    Bucket up() {
        int coarser = level + LEVEL_STEP;
        return new Bucket(metric, coarser, bucket >> LEVEL_STEP, points, firstStep, firstValue, lastStep, lastValue,
                minStep, minValue, maxStep, maxValue);
    }

    static int[] levels() {
        int[] levels = new int[(COARSEST_LEVEL - FINEST_LEVEL) / LEVEL_STEP + 1];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = FINEST_LEVEL + i * LEVEL_STEP;
        }
        return levels;
    }
}
