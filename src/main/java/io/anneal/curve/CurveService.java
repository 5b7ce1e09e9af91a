package io.anneal.curve;

import io.anneal.curve.CurveRepository.BucketRange;
import io.anneal.curve.CurveRepository.Extent;
import io.anneal.job.JobService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a job's curve, downsampled to at most the requested number of points. A short range (at most
 * {@link #EVERY_POINT_LIMIT} points) is read whole and downsampled with LTTB. A longer one is read from
 * the curve summaries: the range is covered by about {@code maxPoints} buckets of one level (finer ones
 * at its ragged ends, single points in the last 16 steps), each bucket's first, lowest, highest and last
 * point are the candidates, and LTTB picks from them. So a read costs the same for any stored length,
 * keeps the first and last point and every bucket's extremes (a spike survives), and counts the points
 * in the range exactly.
 */
@Service
public class CurveService {

    /** Ranges of at most this many points are downsampled from every point. */
    static final int EVERY_POINT_LIMIT = 10_000;

    private final CurveRepository repository;
    private final JobService jobs;

    CurveService(CurveRepository repository, JobService jobs) {
        this.repository = repository;
        this.jobs = jobs;
    }

    /**
     * Before an attempt resumes from a checkpoint at {@code step}, drops what a previous attempt recorded
     * beyond it, so the curve continues without duplicates or leftovers.
     */
    public int discardAfter(UUID jobId, long leaseToken, long step) {
        return repository.deleteAfter(jobId, leaseToken, step);
    }

    /** The highest value each job's curve of {@code metric} reached (jobs without points are absent). */
    public Map<UUID, Double> maxByJob(Collection<UUID> jobIds, Metric metric) {
        return repository.maxByJob(jobIds, metric);
    }

    /** One snapshot: the cursor, the summaries and the points read agree with each other. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Curve read(UUID jobId, Metric metric, int maxPoints, long fromStep, long toStep) {
        jobs.requireExists(jobId);
        long cursor = repository.lastSeq(jobId);
        Optional<Extent> extent = repository.extent(jobId, metric);
        if (extent.isEmpty()) {
            return new Curve(metric, 0, false, cursor, List.of());
        }
        long from = Math.max(fromStep, extent.get().first());
        long to = Math.min(toStep, extent.get().last());
        boolean whole = from == extent.get().first() && to == extent.get().last();
        if (from > to || to - from < EVERY_POINT_LIMIT || whole && extent.get().points() <= limit(maxPoints)) {
            return everyPoint(jobId, metric, maxPoints, from, to, cursor);
        }
        Cover cover = Cover.of(from, to, maxPoints);
        List<Bucket> buckets = repository.summaries(jobId, metric, cover.ranges());
        List<StoredPoint> ends = cover.raw().isEmpty() ? List.of() : readRaw(jobId, metric, cover.raw());
        long total = ends.size() + buckets.stream().mapToLong(Bucket::points).sum();
        if (total <= limit(maxPoints)) {
            return everyPoint(jobId, metric, maxPoints, from, to, cursor);
        }
        Map<Long, StoredPoint> candidates = new TreeMap<>();
        for (Bucket bucket : buckets) {
            candidates.put(bucket.firstStep(), new StoredPoint(bucket.firstStep(), 0, bucket.firstValue(), null));
            candidates.put(bucket.minStep(), new StoredPoint(bucket.minStep(), 0, bucket.minValue(), null));
            candidates.put(bucket.maxStep(), new StoredPoint(bucket.maxStep(), 0, bucket.maxValue(), null));
            candidates.put(bucket.lastStep(), new StoredPoint(bucket.lastStep(), 0, bucket.lastValue(), null));
        }
        ends.forEach(point -> candidates.put(point.step(), point));
        List<StoredPoint> chosen = Downsampler.lttb(new ArrayList<>(candidates.values()), maxPoints);
        long[] unread = chosen.stream().filter(point -> point.time() == null).mapToLong(StoredPoint::step).toArray();
        Map<Long, StoredPoint> kept = new TreeMap<>();
        chosen.stream().filter(point -> point.time() != null).forEach(point -> kept.put(point.step(), point));
        repository.readSteps(jobId, metric, unread).forEach(point -> kept.put(point.step(), point));
        return new Curve(metric, Math.toIntExact(total), true, cursor, List.copyOf(kept.values()));
    }

    /** The range read whole and downsampled from every point: exact, and as slow as the range is long. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Curve readEveryPoint(UUID jobId, Metric metric, int maxPoints, long fromStep, long toStep) {
        jobs.requireExists(jobId);
        return everyPoint(jobId, metric, maxPoints, fromStep, toStep, repository.lastSeq(jobId));
    }

    private Curve everyPoint(UUID jobId, Metric metric, int maxPoints, long from, long to, long cursor) {
        List<StoredPoint> points = from > to ? List.of() : repository.read(jobId, metric, from, to);
        List<StoredPoint> kept = Downsampler.lttb(points, maxPoints);
        return new Curve(metric, points.size(), kept.size() < points.size(), cursor, kept);
    }

    private List<StoredPoint> readRaw(UUID jobId, Metric metric, List<long[]> segments) {
        List<StoredPoint> points = new ArrayList<>();
        for (long[] segment : segments) {
            points.addAll(repository.read(jobId, metric, segment[0], segment[1]));
        }
        return points;
    }

    private static long limit(int maxPoints) {
        return Math.max(EVERY_POINT_LIMIT, maxPoints);
    }

    /**
     * How a step range is covered by whole buckets: at the finest level with at most {@code maxPoints}
     * buckets across the range, and at each finer level the parts at both ends the coarser buckets do not
     * cover whole; what is left below the finest level is read as points.
     */
    record Cover(List<BucketRange> ranges, List<long[]> raw) {

        static Cover of(long from, long to, int maxPoints) {
            int level = Bucket.COARSEST_LEVEL;
            for (int candidate : Bucket.levels()) {
                if ((to - from) / (1L << candidate) + 2 <= maxPoints) {
                    level = candidate;
                    break;
                }
            }
            List<BucketRange> ranges = new ArrayList<>();
            List<long[]> raw = new ArrayList<>();
            cover(from, to, level, ranges, raw);
            return new Cover(ranges, raw);
        }

        private static void cover(long from, long to, int level, List<BucketRange> ranges, List<long[]> raw) {
            if (from > to) {
                return;
            }
            if (level < Bucket.FINEST_LEVEL) {
                raw.add(new long[] {from, to});
                return;
            }
            long size = 1L << level;
            long first = Math.floorDiv(from + size - 1, size);
            long last = Math.floorDiv(to + 1, size) - 1;
            if (first > last) {
                cover(from, to, level - Bucket.LEVEL_STEP, ranges, raw);
                return;
            }
            ranges.add(new BucketRange(level, first, last));
            cover(from, first * size - 1, level - Bucket.LEVEL_STEP, ranges, raw);
            cover((last + 1) * size, to, level - Bucket.LEVEL_STEP, ranges, raw);
        }
    }
}
