package io.anneal.curve;

import io.anneal.job.JobService;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Reads a job's curve and downsamples it to at most the requested number of points. */
@Service
public class CurveService {

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
    public java.util.Map<UUID, Double> maxByJob(java.util.Collection<UUID> jobIds, Metric metric) {
        return repository.maxByJob(jobIds, metric);
    }

    public Curve read(UUID jobId, Metric metric, int maxPoints, long fromStep, long toStep) {
        jobs.requireExists(jobId);
        long cursor = repository.lastSeq(jobId); // read first: a point written meanwhile is streamed again, never missed
        List<StoredPoint> points = repository.read(jobId, metric, fromStep, toStep);
        List<StoredPoint> kept = Downsampler.lttb(points, maxPoints);
        return new Curve(metric, points.size(), kept.size() < points.size(), cursor, kept);
    }
}
