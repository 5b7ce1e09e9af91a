package io.anneal.curve;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.support.ActAsDefaultAdmin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Curve summaries on the real database: kept equal to what the stored points say through writes,
 * retried batches, stale leases, rewritten values and a resume that discards points; and reads of long
 * curves from them that keep the ends and the spikes and count exactly.
 */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class CurveSummaryTests {

    /** The summaries as the migration computes them from the stored points. */
    private static final String FROM_POINTS = """
            SELECT p.metric, l.level, p.step >> l.level AS bucket, count(*) AS points,
                   min(p.step) AS first_step, (array_agg(p.value ORDER BY p.step))[1] AS first_value,
                   max(p.step) AS last_step, (array_agg(p.value ORDER BY p.step DESC))[1] AS last_value,
                   (array_agg(p.step ORDER BY p.value, p.step))[1] AS min_step, min(p.value) AS min_value,
                   (array_agg(p.step ORDER BY p.value DESC, p.step))[1] AS max_step, max(p.value) AS max_value
            FROM curve_point p CROSS JOIN generate_series(4, 24, 2) AS l (level) WHERE p.job_id = ?
            GROUP BY p.metric, l.level, p.step >> l.level ORDER BY 1, 2, 3""";

    private static final String STORED = """
            SELECT metric, level, bucket, points, first_step, first_value, last_step, last_value,
                   min_step, min_value, max_step, max_value
            FROM curve_summary WHERE job_id = ? ORDER BY 1, 2, 3""";

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    CurveRepository repository;

    @Autowired
    CurveService curves;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM training_job");
    }

    @Test
    void summariesFollowWritesRetriesRewritesAndDiscards() {
        ClaimedJob job = claimed();
        List<CurvePoint> first = points(job, Metric.LOSS, 1, 3_000, step -> Math.sin(step / 37.0) + step % 11);
        write(first);
        write(first.subList(1_000, 1_500)); // a batch retried after its commit was not acknowledged
        write(points(job, Metric.SIGMA, 1, 3_000, step -> 0.01 / Math.pow(1 + step, 0.55)));
        assertSummariesMatchPoints(job.lease().jobId());

        // a replayed step with another value (a validation metric written again at an epoch's end)
        write(List.of(new CurvePoint(job.lease().jobId(), job.lease().token(), Metric.LOSS, 1_234, 1, -50.0,
                Instant.now())));
        write(List.of(new CurvePoint(job.lease().jobId(), job.lease().token(), Metric.LOSS, 1_234, 1, 0.25,
                Instant.now())));
        assertSummariesMatchPoints(job.lease().jobId());

        // an old attempt's points, written after its lease moved on, change nothing
        jdbc.update("UPDATE training_job SET lease_token = lease_token + 1 WHERE id = ?", job.lease().jobId());
        long current = job.lease().token() + 1;
        write(points(job, Metric.LOSS, 3_001, 4_000, step -> 1e6));
        assertThat(count(job.lease().jobId(), Metric.LOSS)).isEqualTo(3_000);

        // a resume from a checkpoint at step 1,700 (mid-bucket at every level) drops the rest
        assertThat(repository.deleteAfter(job.lease().jobId(), current, 1_700)).isEqualTo(2 * 1_300);
        assertSummariesMatchPoints(job.lease().jobId());
        List<CurvePoint> resumed = new ArrayList<>();
        for (CurvePoint point : points(job, Metric.LOSS, 1_701, 2_600, step -> 2.0 - step / 2_000.0)) {
            resumed.add(new CurvePoint(point.jobId(), current, point.metric(), point.step(), point.epoch(),
                    point.value(), point.time()));
        }
        write(resumed);
        assertSummariesMatchPoints(job.lease().jobId());
        assertThat(count(job.lease().jobId(), Metric.LOSS)).isEqualTo(2_600);
    }

    @Test
    void aLongCurveIsReadFromItsSummariesWithItsEndsAndSpikesAndAnExactCount() {
        ClaimedJob job = claimed();
        long spike = 123_457;
        long dip = 201_111;
        write(points(job, Metric.LOSS, 1, 250_000, step -> step == spike ? 40.0 : step == dip ? -3.0
                : 2.3 / Math.sqrt(step) + 0.01 * Math.sin(step)));
        UUID id = job.lease().jobId();

        Curve curve = curves.read(id, Metric.LOSS, 1_000, 0, Long.MAX_VALUE);
        assertThat(curve.totalPoints()).isEqualTo(250_000);
        assertThat(curve.downsampled()).isTrue();
        assertThat(curve.points()).hasSizeBetween(900, 1_000);
        assertThat(curve.points().get(0).step()).isEqualTo(1);
        assertThat(curve.points().get(curve.points().size() - 1).step()).isEqualTo(250_000);
        assertThat(curve.points()).extracting(StoredPoint::step).contains(spike, dip).isSorted();
        assertStored(id, curve.points());
        assertThat(curve.cursor()).isEqualTo(repository.lastSeq(id));

        Curve everyPoint = curves.readEveryPoint(id, Metric.LOSS, 1_000, 0, Long.MAX_VALUE);
        assertThat(everyPoint.totalPoints()).isEqualTo(curve.totalPoints());
        assertThat(everyPoint.points()).extracting(StoredPoint::step).contains(spike, dip);

        // ragged ends: a range starting and ending inside buckets of every level
        Curve range = curves.read(id, Metric.LOSS, 500, 12_345, 234_567);
        assertThat(range.totalPoints()).isEqualTo(234_567 - 12_345 + 1);
        assertThat(range.points()).hasSizeLessThanOrEqualTo(500);
        assertThat(range.points().get(0).step()).isEqualTo(12_345);
        assertThat(range.points().get(range.points().size() - 1).step()).isEqualTo(234_567);
        assertThat(range.points()).extracting(StoredPoint::step).contains(spike, dip);
        assertStored(id, range.points());

        // a sparse curve: few points over many steps are read whole
        write(points(job, Metric.TEST_ACCURACY, 1, 250_000, step -> step / 250_000.0).stream()
                .filter(point -> point.step() % 1_000 == 0).toList());
        Curve sparse = curves.read(id, Metric.TEST_ACCURACY, 1_000, 0, Long.MAX_VALUE);
        assertThat(sparse.totalPoints()).isEqualTo(250);
        assertThat(sparse.downsampled()).isFalse();
        assertThat(sparse.points()).hasSize(250);

        assertThat(curves.maxByJob(List.of(id), Metric.LOSS)).containsEntry(id, 40.0);
        assertThat(curves.read(id, Metric.SIGMA, 1_000, 0, Long.MAX_VALUE).points()).isEmpty();
    }

    @Test
    void coversARangeWithWholeBucketsAndAFewPointsAtTheEnds() {
        CurveService.Cover cover = CurveService.Cover.of(12_345, 234_567, 500);
        long covered = 0;
        for (CurveRepository.BucketRange range : cover.ranges()) {
            covered += (range.to() - range.from() + 1) << range.level();
        }
        for (long[] raw : cover.raw()) {
            assertThat(raw[1] - raw[0]).isLessThan(16);
            covered += raw[1] - raw[0] + 1;
        }
        assertThat(covered).isEqualTo(234_567 - 12_345 + 1);
        long buckets = cover.ranges().stream().mapToLong(range -> range.to() - range.from() + 1).sum();
        assertThat(buckets).isBetween(125L, 500L + 6L * 11);
    }

    private void assertSummariesMatchPoints(UUID job) {
        List<Map<String, Object>> expected = jdbc.queryForList(FROM_POINTS, job);
        List<Map<String, Object>> stored = jdbc.queryForList(STORED, job);
        assertThat(expected).isNotEmpty();
        assertThat(stored).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(stored.get(i).toString()).isEqualTo(expected.get(i).toString());
        }
    }

    private void assertStored(UUID job, List<StoredPoint> points) {
        for (StoredPoint point : List.of(points.get(0), points.get(points.size() / 2), points.get(points.size() - 1))) {
            Double value = jdbc.queryForObject("SELECT value FROM curve_point WHERE job_id = ? AND metric = 'loss' "
                    + "AND step = ?", Double.class, job, point.step());
            assertThat(point.value()).isEqualTo(value);
            assertThat(point.time()).isNotNull();
            assertThat(point.epoch()).isEqualTo(1);
        }
    }

    private long count(UUID job, Metric metric) {
        return jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ? AND metric = ?", Long.class,
                job, metric.wireName());
    }

    private void write(List<CurvePoint> points) {
        for (int from = 0; from < points.size(); from += 1_000) {
            repository.write(points.subList(from, Math.min(points.size(), from + 1_000)));
        }
    }

    private static List<CurvePoint> points(ClaimedJob job, Metric metric, long from, long to,
            LongToDoubleFunction value) {
        List<CurvePoint> points = new ArrayList<>();
        Instant now = Instant.now();
        for (long step = from; step <= to; step++) {
            points.add(new CurvePoint(job.lease().jobId(), job.lease().token(), metric, step, 1,
                    value.applyAsDouble(step), now));
        }
        return points;
    }

    private ClaimedJob claimed() {
        jobs.submit(new JobSpec("summaries", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null),
                null, null, null, 0));
        return queue.claimNext("test-replica").orElseThrow();
    }
}
