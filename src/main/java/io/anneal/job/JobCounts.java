package io.anneal.job;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs per tenant and status, and a tenant's queued updates, without counting the job table: triggers
 * append every change of a job to {@code job_count_change}, a count is {@code job_count} plus the changes
 * not yet folded into it, and {@link #fold} folds them in every few seconds (one replica at a time). So the
 * metrics gauges and the quota checks at submit cost the same with a hundred jobs or a million.
 */
@Component
class JobCounts {

    private static final Logger log = LoggerFactory.getLogger(JobCounts.class);
    /** Changes folded per transaction, so a burst of millions is folded in short steps. */
    static final int FOLD_BATCH = 50_000;
    private static final long FOLD_LOCK = 0x616e6e65616c_01L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private boolean foldFailing;

    JobCounts(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Jobs by status over all tenants; every status is present, zero when it has no jobs. */
    Map<JobStatus, Long> byStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.query("""
                SELECT status, sum(jobs) FROM (SELECT status, jobs FROM job_count
                    UNION ALL SELECT status, jobs FROM job_count_change) c
                GROUP BY status""", row -> {
            counts.put(JobStatus.valueOf(row.getString(1)), row.getLong(2));
        });
        return counts;
    }

    /** The tenant's queued jobs. */
    long queued(String owner) {
        return queuedSum(owner, "jobs");
    }

    /** The updates the tenant's queued jobs have yet to make. */
    long queuedSteps(String owner) {
        return queuedSum(owner, "steps");
    }

    private long queuedSum(String owner, String column) {
        return jdbc.queryForObject("SELECT COALESCE(sum(" + column + "), 0) FROM (SELECT " + column
                + " FROM job_count WHERE owner = ? AND status = 'QUEUED' UNION ALL SELECT " + column
                + " FROM job_count_change WHERE owner = ? AND status = 'QUEUED') c", Long.class, owner, owner);
    }

    /** Folds the changes into the counts, in batches; a replica that finds another folding leaves it to it. */
    @Scheduled(fixedDelayString = "${anneal.jobs.count-fold-interval:5s}", initialDelay = 2000)
    void fold() {
        try {
            while (Boolean.TRUE.equals(transactions.execute(status -> foldBatch()))) {
                log.debug("Folded {} job count changes; folding more", FOLD_BATCH);
            }
            if (foldFailing) {
                log.info("Job counts are folded again");
                foldFailing = false;
            }
        } catch (DataAccessException | TransactionException e) {
            if (!foldFailing) {
                log.warn("Folding job count changes failed; counts stay exact and are folded when it works again: {}",
                        e.getMostSpecificCause().getMessage());
                foldFailing = true;
            }
        }
    }

    /**
     * The oldest changes, up to {@link #FOLD_BATCH}, folded in in one transaction; whether there were
     * more. The batch is a range of ids, so the plan is a range scan whatever the table's statistics say.
     */
    boolean foldBatch() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class,
                FOLD_LOCK))) {
            return false;
        }
        List<Long> batchEnd = jdbc.queryForList("SELECT id FROM job_count_change ORDER BY id OFFSET ? LIMIT 1",
                Long.class, FOLD_BATCH - 1);
        Long last = batchEnd.isEmpty() ? jdbc.queryForObject("SELECT max(id) FROM job_count_change", Long.class)
                : batchEnd.get(0);
        if (last == null) {
            return false;
        }
        jdbc.update("""
                WITH folded AS (DELETE FROM job_count_change WHERE id <= ? RETURNING owner, status, jobs, steps)
                INSERT INTO job_count AS c (owner, status, jobs, steps)
                SELECT owner, status, sum(jobs), sum(steps) FROM folded GROUP BY owner, status
                ON CONFLICT (owner, status) DO UPDATE SET jobs = c.jobs + EXCLUDED.jobs, steps = c.steps + EXCLUDED.steps""",
                last);
        return !batchEnd.isEmpty();
    }
}
