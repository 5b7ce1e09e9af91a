package io.anneal.curve;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Plain JDBC for curves: batched, lease-guarded upserts and range reads. */
@Repository
class CurveRepository {

    private static final String UPSERT = """
            INSERT INTO curve_point (job_id, metric, step, epoch, value, recorded_at)
            SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM training_job WHERE id = ? AND lease_token = ?)
            ON CONFLICT (job_id, metric, step)
            DO UPDATE SET epoch = EXCLUDED.epoch, value = EXCLUDED.value, recorded_at = EXCLUDED.recorded_at,
                seq = nextval('curve_point_seq')""";

    private final JdbcTemplate jdbc;

    CurveRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a batch in one round trip; points whose lease is stale are silently not written. */
    void upsert(List<CurvePoint> points) {
        jdbc.batchUpdate(UPSERT, points, points.size(), (statement, point) -> {
            statement.setObject(1, point.jobId());
            statement.setString(2, point.metric().wireName());
            statement.setLong(3, point.step());
            statement.setInt(4, point.epoch());
            statement.setDouble(5, point.value());
            statement.setTimestamp(6, Timestamp.from(point.time()));
            statement.setObject(7, point.jobId());
            statement.setLong(8, point.leaseToken());
        });
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

    /** Removes points after {@code step}, written by an attempt that did not reach them durably. */
    int deleteAfter(UUID jobId, long leaseToken, long step) {
        return jdbc.update("""
                DELETE FROM curve_point WHERE job_id = ? AND step > ?
                AND EXISTS (SELECT 1 FROM training_job WHERE id = ? AND lease_token = ?)""",
                jobId, step, jobId, leaseToken);
    }

    java.util.Map<UUID, Double> maxByJob(java.util.Collection<UUID> jobIds, Metric metric) {
        java.util.Map<UUID, Double> best = new java.util.HashMap<>();
        if (jobIds.isEmpty()) {
            return best;
        }
        jdbc.query("SELECT job_id, max(value) FROM curve_point WHERE metric = ? AND job_id = ANY(?) GROUP BY job_id",
                (java.sql.ResultSet row) -> {
                    best.put(row.getObject(1, UUID.class), row.getDouble(2));
                }, metric.wireName(), jobIds.toArray(UUID[]::new));
        return best;
    }

    List<StoredPoint> read(UUID jobId, Metric metric, long fromStep, long toStep) {
        return jdbc.query("""
                SELECT step, epoch, value, recorded_at FROM curve_point
                WHERE job_id = ? AND metric = ? AND step BETWEEN ? AND ? ORDER BY step""",
                (row, i) -> new StoredPoint(row.getLong(1), row.getInt(2), row.getDouble(3),
                        row.getTimestamp(4).toInstant()),
                jobId, metric.wireName(), fromStep, toStep);
    }
}
