package io.anneal.curve;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plain JDBC for curves: lease-guarded batch writes that keep the curve summaries in the same
 * transaction, range reads, and reads of summaries.
 */
@Repository
class CurveRepository {

    /**
     * Writes points whose lease is current; a rewrite with the same epoch and value changes nothing (an
     * ambiguous commit retried). Returns the rows written and whether each is new.
     */
    private static final String UPSERT = """
            INSERT INTO curve_point AS c (job_id, metric, step, epoch, value, recorded_at)
            SELECT p.job_id, p.metric, p.step, p.epoch, p.value, timestamptz 'epoch' + p.micros * interval '1 microsecond'
            FROM unnest(?::uuid[], ?::varchar[], ?::bigint[], ?::integer[], ?::float8[], ?::bigint[], ?::bigint[])
                AS p (job_id, metric, step, epoch, value, micros, lease)
            WHERE EXISTS (SELECT 1 FROM training_job j WHERE j.id = p.job_id AND j.lease_token = p.lease)
            ON CONFLICT (job_id, metric, step)
            DO UPDATE SET epoch = EXCLUDED.epoch, value = EXCLUDED.value, recorded_at = EXCLUDED.recorded_at,
                seq = nextval('curve_point_seq')
            WHERE (c.epoch, c.value) IS DISTINCT FROM (EXCLUDED.epoch, EXCLUDED.value)
            RETURNING c.job_id, c.metric, c.step, c.value, c.xmax = 0""";

    private static final String SUMMARY_COLUMNS = """
            job_id, metric, level, bucket, points, first_step, first_value, last_step, last_value,
            min_step, min_value, max_step, max_value
            """;

    private static final String SUMMARY_ROWS = """
            SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::smallint[], ?::bigint[], ?::integer[], ?::bigint[],
                ?::float8[], ?::bigint[], ?::float8[], ?::bigint[], ?::float8[], ?::bigint[], ?::float8[])
            """;

    /** Adds new points' summaries to what is stored. */
    private static final String MERGE_SUMMARIES = "INSERT INTO curve_summary AS s (" + SUMMARY_COLUMNS + ") "
            + SUMMARY_ROWS + """
             ON CONFLICT (job_id, metric, level, bucket) DO UPDATE SET
                points = s.points + EXCLUDED.points,
                first_step = CASE WHEN EXCLUDED.first_step < s.first_step THEN EXCLUDED.first_step ELSE s.first_step END,
                first_value = CASE WHEN EXCLUDED.first_step < s.first_step THEN EXCLUDED.first_value ELSE s.first_value END,
                last_step = CASE WHEN EXCLUDED.last_step > s.last_step THEN EXCLUDED.last_step ELSE s.last_step END,
                last_value = CASE WHEN EXCLUDED.last_step > s.last_step THEN EXCLUDED.last_value ELSE s.last_value END,
                min_step = CASE WHEN EXCLUDED.min_value < s.min_value
                    OR EXCLUDED.min_value = s.min_value AND EXCLUDED.min_step < s.min_step
                    THEN EXCLUDED.min_step ELSE s.min_step END,
                min_value = LEAST(s.min_value, EXCLUDED.min_value),
                max_step = CASE WHEN EXCLUDED.max_value > s.max_value
                    OR EXCLUDED.max_value = s.max_value AND EXCLUDED.max_step < s.max_step
                    THEN EXCLUDED.max_step ELSE s.max_step END,
                max_value = GREATEST(s.max_value, EXCLUDED.max_value)""";

    /** Replaces summaries with ones computed again from what lies below them. */
    private static final String REPLACE_SUMMARIES = "INSERT INTO curve_summary (" + SUMMARY_COLUMNS + ") "
            + SUMMARY_ROWS + """
             ON CONFLICT (job_id, metric, level, bucket) DO UPDATE SET
                points = EXCLUDED.points, first_step = EXCLUDED.first_step, first_value = EXCLUDED.first_value,
                last_step = EXCLUDED.last_step, last_value = EXCLUDED.last_value, min_step = EXCLUDED.min_step,
                min_value = EXCLUDED.min_value, max_step = EXCLUDED.max_step, max_value = EXCLUDED.max_value""";

    private final JdbcTemplate jdbc;

    CurveRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a batch in one round trip, and the summaries of what it added in a second, in one
     * transaction; points whose lease is stale are silently not written. Of several points of one job,
     * metric and step in the batch the last one counts.
     */
    @Transactional
    void write(List<CurvePoint> batch) {
        List<CurvePoint> points = lastOfEachStep(batch);
        Map<SummaryKey, Bucket> added = new TreeMap<>();
        Map<UUID, Map<Metric, List<Long>>> rewritten = new LinkedHashMap<>();
        jdbc.query(connection -> upsertStatement(connection, points), row -> {
            UUID job = row.getObject(1, UUID.class);
            Metric metric = Metric.fromWireName(row.getString(2)).orElseThrow();
            long step = row.getLong(3);
            if (row.getBoolean(5)) {
                double value = row.getDouble(4);
                for (int level : Bucket.levels()) {
                    added.merge(new SummaryKey(job, metric, level, step >> level), Bucket.of(metric, level, step, value),
                            Bucket::merge);
                }
            } else {
                rewritten.computeIfAbsent(job, j -> new HashMap<>()).computeIfAbsent(metric, m -> new ArrayList<>())
                        .add(step);
            }
        });
        if (!added.isEmpty()) {
            storeSummaries(MERGE_SUMMARIES, added);
        }
        rewritten.forEach((job, steps) -> steps.forEach((metric, changed) -> changed.forEach(
                step -> summariseAgain(job, step, List.of(metric)))));
    }

    private static PreparedStatement upsertStatement(Connection connection, List<CurvePoint> points)
            throws SQLException {
        int n = points.size();
        UUID[] jobs = new UUID[n];
        String[] metrics = new String[n];
        Long[] steps = new Long[n];
        Integer[] epochs = new Integer[n];
        Double[] values = new Double[n];
        Long[] micros = new Long[n];
        Long[] leases = new Long[n];
        for (int i = 0; i < n; i++) {
            CurvePoint point = points.get(i);
            jobs[i] = point.jobId();
            metrics[i] = point.metric().wireName();
            steps[i] = point.step();
            epochs[i] = point.epoch();
            values[i] = point.value();
            micros[i] = ChronoUnit.MICROS.between(java.time.Instant.EPOCH, point.time());
            leases[i] = point.leaseToken();
        }
        PreparedStatement statement = connection.prepareStatement(UPSERT);
        statement.setArray(1, connection.createArrayOf("uuid", jobs));
        statement.setArray(2, connection.createArrayOf("varchar", metrics));
        statement.setArray(3, connection.createArrayOf("int8", steps));
        statement.setArray(4, connection.createArrayOf("int4", epochs));
        statement.setArray(5, connection.createArrayOf("float8", values));
        statement.setArray(6, connection.createArrayOf("int8", micros));
        statement.setArray(7, connection.createArrayOf("int8", leases));
        return statement;
    }

    private static List<CurvePoint> lastOfEachStep(List<CurvePoint> batch) {
        Map<StepKey, CurvePoint> last = new LinkedHashMap<>();
        for (CurvePoint point : batch) {
            StepKey key = new StepKey(point.jobId(), point.metric(), point.step());
            last.remove(key);
            last.put(key, point);
        }
        return last.size() == batch.size() ? batch : List.copyOf(last.values());
    }

    private void storeSummaries(String sql, Map<SummaryKey, Bucket> summaries) {
        int n = summaries.size();
        UUID[] jobs = new UUID[n];
        String[] metrics = new String[n];
        Short[] levels = new Short[n];
        Long[] buckets = new Long[n];
        Integer[] points = new Integer[n];
        Long[] firstSteps = new Long[n];
        Double[] firstValues = new Double[n];
        Long[] lastSteps = new Long[n];
        Double[] lastValues = new Double[n];
        Long[] minSteps = new Long[n];
        Double[] minValues = new Double[n];
        Long[] maxSteps = new Long[n];
        Double[] maxValues = new Double[n];
        int i = 0;
        for (Map.Entry<SummaryKey, Bucket> entry : summaries.entrySet()) {
            Bucket b = entry.getValue();
            jobs[i] = entry.getKey().job();
            metrics[i] = b.metric().wireName();
            levels[i] = (short) b.level();
            buckets[i] = b.bucket();
            points[i] = b.points();
            firstSteps[i] = b.firstStep();
            firstValues[i] = b.firstValue();
            lastSteps[i] = b.lastStep();
            lastValues[i] = b.lastValue();
            minSteps[i] = b.minStep();
            minValues[i] = b.minValue();
            maxSteps[i] = b.maxStep();
            maxValues[i] = b.maxValue();
            i++;
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            Object[][] columns = {jobs, metrics, levels, buckets, points, firstSteps, firstValues, lastSteps,
                lastValues, minSteps, minValues, maxSteps, maxValues};
            String[] types = {"uuid", "varchar", "int2", "int8", "int4", "int8", "float8", "int8", "float8", "int8",
                "float8", "int8", "float8"};
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
            }
            return statement;
        });
    }

    /**
     * Computes again, level by level, the summaries of the buckets holding {@code step} for these
     * metrics: the finest from the stored points (at most 16 steps), each coarser one from the four
     * below it. Used after points were removed or changed.
     */
    private void summariseAgain(UUID job, long step, Collection<Metric> metrics) {
        String[] wireNames = metrics.stream().map(Metric::wireName).toArray(String[]::new);
        int finest = Bucket.FINEST_LEVEL;
        Map<Metric, Bucket> below = new HashMap<>();
        jdbc.query("""
                SELECT metric, step, value FROM curve_point
                WHERE job_id = ? AND metric = ANY(?) AND step BETWEEN ? AND ? ORDER BY step""", row -> {
            Metric metric = Metric.fromWireName(row.getString(1)).orElseThrow();
            below.merge(metric, Bucket.of(metric, finest, row.getLong(2), row.getDouble(3)), Bucket::merge);
        }, job, wireNames, (step >> finest) << finest, (((step >> finest) + 1) << finest) - 1);
        replace(job, finest, step >> finest, metrics, below);
        for (int level = finest + Bucket.LEVEL_STEP; level <= Bucket.COARSEST_LEVEL; level += Bucket.LEVEL_STEP) {
            long bucket = step >> level;
            Map<Metric, Bucket> merged = new HashMap<>();
            for (Bucket child : summaries(job, wireNames, level - Bucket.LEVEL_STEP,
                    bucket << Bucket.LEVEL_STEP, ((bucket + 1) << Bucket.LEVEL_STEP) - 1)) {
                merged.merge(child.metric(), child.up(), Bucket::merge);
            }
            replace(job, level, bucket, metrics, merged);
        }
    }

    private void replace(UUID job, int level, long bucket, Collection<Metric> metrics, Map<Metric, Bucket> computed) {
        Map<SummaryKey, Bucket> rows = new TreeMap<>();
        computed.forEach((metric, summary) -> rows.put(new SummaryKey(job, metric, level, bucket), summary));
        if (!rows.isEmpty()) {
            storeSummaries(REPLACE_SUMMARIES, rows);
        }
        String[] emptied = metrics.stream().filter(metric -> !computed.containsKey(metric)).map(Metric::wireName)
                .toArray(String[]::new);
        if (emptied.length > 0) {
            jdbc.update("DELETE FROM curve_summary WHERE job_id = ? AND metric = ANY(?) AND level = ? AND bucket = ?",
                    job, emptied, level, bucket);
        }
    }

    private List<Bucket> summaries(UUID job, String[] metrics, int level, long fromBucket, long toBucket) {
        return jdbc.query("SELECT " + SUMMARY_COLUMNS + """
                 FROM curve_summary WHERE job_id = ? AND metric = ANY(?) AND level = ? AND bucket BETWEEN ? AND ?""",
                (row, i) -> bucket(row), job, metrics, level, fromBucket, toBucket);
    }

    /** The stored summaries of the metric at these levels and bucket ranges, in one round trip. */
    List<Bucket> summaries(UUID job, Metric metric, List<BucketRange> ranges) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(SUMMARY_COLUMNS)
                .append(" FROM curve_summary WHERE job_id = ? AND metric = ? AND (");
        List<Object> arguments = new ArrayList<>(List.of(job, metric.wireName()));
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(level = ? AND bucket BETWEEN ? AND ?)");
            arguments.addAll(List.of(ranges.get(i).level(), ranges.get(i).from(), ranges.get(i).to()));
        }
        sql.append(')');
        return jdbc.query(sql.toString(), (row, i) -> bucket(row), arguments.toArray());
    }

    /** How many points the metric has, and its first and last step (from the coarsest summaries). */
    Optional<Extent> extent(UUID job, Metric metric) {
        return jdbc.query("""
                SELECT min(first_step), max(last_step), sum(points) FROM curve_summary
                WHERE job_id = ? AND metric = ? AND level = ? HAVING count(*) > 0""",
                (row, i) -> new Extent(row.getLong(1), row.getLong(2), row.getLong(3)),
                job, metric.wireName(), Bucket.COARSEST_LEVEL).stream().findFirst();
    }

    private static Bucket bucket(java.sql.ResultSet row) throws SQLException {
        return new Bucket(Metric.fromWireName(row.getString(2)).orElseThrow(), row.getInt(3), row.getLong(4),
                row.getInt(5), row.getLong(6), row.getDouble(7), row.getLong(8), row.getDouble(9), row.getLong(10),
                row.getDouble(11), row.getLong(12), row.getDouble(13));
    }

    /** The stored points of the metric at these steps, in step order. */
    List<StoredPoint> readSteps(UUID job, Metric metric, long[] steps) {
        return jdbc.query("""
                SELECT step, epoch, value, recorded_at FROM curve_point
                WHERE job_id = ? AND metric = ? AND step = ANY(?) ORDER BY step""", (row, i) -> storedPoint(row),
                job, metric.wireName(), steps);
    }

    /** Up to {@code limit} points of the job written after point {@code afterSeq}, in the order written. */
    List<StreamedPoint> after(UUID jobId, long afterSeq, int limit) {
        return jdbc.query("""
                SELECT seq, metric, step, epoch, value FROM curve_point WHERE job_id = ? AND seq > ?
                ORDER BY seq LIMIT ?""", (row, i) -> new StreamedPoint(row.getLong(1),
                Metric.fromWireName(row.getString(2)).orElseThrow(), row.getLong(3), row.getInt(4), row.getDouble(5)),
                jobId, afterSeq, limit);
    }

    /** The number of the job's last written point, 0 if none. */
    long lastSeq(UUID jobId) {
        Long last = jdbc.queryForObject("SELECT max(seq) FROM curve_point WHERE job_id = ?", Long.class, jobId);
        return last == null ? 0 : last;
    }

    /**
     * Removes points after {@code step}, written by an attempt that did not reach them durably, with
     * their summaries.
     */
    @Transactional
    int deleteAfter(UUID jobId, long leaseToken, long step) {
        int deleted = jdbc.update("""
                DELETE FROM curve_point WHERE job_id = ? AND step > ?
                AND EXISTS (SELECT 1 FROM training_job WHERE id = ? AND lease_token = ?)""",
                jobId, step, jobId, leaseToken);
        if (deleted > 0) {
            jdbc.update("DELETE FROM curve_summary WHERE job_id = ? AND bucket << level::integer > ?", jobId, step);
            summariseAgain(jobId, step, List.of(Metric.values()));
        }
        return deleted;
    }

    java.util.Map<UUID, Double> maxByJob(java.util.Collection<UUID> jobIds, Metric metric) {
        java.util.Map<UUID, Double> best = new java.util.HashMap<>();
        if (jobIds.isEmpty()) {
            return best;
        }
        jdbc.query("""
                SELECT job_id, max(max_value) FROM curve_summary WHERE level = ? AND metric = ? AND job_id = ANY(?)
                GROUP BY job_id""", (java.sql.ResultSet row) -> {
                    best.put(row.getObject(1, UUID.class), row.getDouble(2));
                }, Bucket.COARSEST_LEVEL, metric.wireName(), jobIds.toArray(UUID[]::new));
        return best;
    }

    List<StoredPoint> read(UUID jobId, Metric metric, long fromStep, long toStep) {
        return jdbc.query("""
                SELECT step, epoch, value, recorded_at FROM curve_point
                WHERE job_id = ? AND metric = ? AND step BETWEEN ? AND ? ORDER BY step""",
                (row, i) -> storedPoint(row), jobId, metric.wireName(), fromStep, toStep);
    }

    private static StoredPoint storedPoint(java.sql.ResultSet row) throws SQLException {
        return new StoredPoint(row.getLong(1), row.getInt(2), row.getDouble(3), row.getTimestamp(4).toInstant());
    }

    /** A level and an inclusive range of its buckets. */
    record BucketRange(int level, long from, long to) {
    }

    /** The number of points of a metric and its first and last step. */
    record Extent(long first, long last, long points) {
    }

    private record StepKey(UUID job, Metric metric, long step) {
    }

    /** Orders summary rows as the primary key does, so concurrent writers lock them in one order. */
    private record SummaryKey(UUID job, Metric metric, int level, long bucket) implements Comparable<SummaryKey> {

        private static final Comparator<SummaryKey> ORDER = Comparator.comparing(SummaryKey::job)
                .thenComparing(key -> key.metric().wireName()).thenComparingInt(SummaryKey::level)
                .thenComparingLong(SummaryKey::bucket);

        @Override
        public int compareTo(SummaryKey other) {
            return ORDER.compare(this, other);
        }
    }
}
