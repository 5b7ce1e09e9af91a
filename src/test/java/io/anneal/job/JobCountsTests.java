package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.support.ActAsDefaultAdmin;
import io.anneal.tenant.CurrentTenant;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Job counts kept by triggers on the real database agree with counting the table, through every
 * transition a job makes, before and after the changes are folded, also when 100,123 changes arrive
 * at once and are folded in batches; heartbeats change no count.
 */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = {"anneal.workers=0", "anneal.jobs.count-fold-interval=1h"})
@ActiveProfiles("test")
class JobCountsTests {

    @Autowired
    JobCounts counts;

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    CurrentTenant tenant;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM training_job");
        jdbc.update("INSERT INTO tenant (id, name, created_at) VALUES ('counted', 'Counted', now()) "
                + "ON CONFLICT (id) DO NOTHING");
    }

    @Test
    void countsFollowEveryTransitionOfAJob() {
        for (int i = 0; i < 5; i++) {
            submit("default-" + i, 1_000 + i);
        }
        tenant.runAs("counted", () -> {
            for (int i = 0; i < 3; i++) {
                submit("counted-" + i, 500);
            }
        });
        assertAgreesWithTheTable();

        ClaimedJob first = queue.claimNext("test-replica").orElseThrow();
        ClaimedJob second = queue.claimNext("test-replica").orElseThrow();
        ClaimedJob third = queue.claimNext("test-replica").orElseThrow();
        assertAgreesWithTheTable();

        long changes = changes();
        queue.heartbeat(first.lease(), new RunProgress(0, 300, 1_000L, 0.5), null);
        queue.heartbeat(second.lease(), new RunProgress(0, 100, 1_000L, 0.7), null);
        assertThat(changes()).as("change rows after two heartbeats").isEqualTo(changes);

        assertThat(queue.succeeded(first.lease(), new RunProgress(1, 1_000, 1_000L, 0.1), 0.1, 0.9, null)).isTrue();
        assertThat(queue.failed(second.lease(), FailureReason.DIVERGED, "loss became NaN", 101L)).isTrue();
        jdbc.update("UPDATE training_job SET heartbeat_at = now() - interval '1 hour' WHERE id = ?",
                third.lease().jobId());
        assertThat(queue.recoverStale(Duration.ofSeconds(30), 3)).isEqualTo(1); // back in the queue with its steps
        assertAgreesWithTheTable();

        counts.fold();
        assertThat(changes()).isZero();
        assertAgreesWithTheTable();

        jobs.cancel(jdbc.queryForObject("SELECT id FROM training_job WHERE owner = 'default' AND status = 'QUEUED' "
                + "LIMIT 1", java.util.UUID.class));
        jdbc.update("DELETE FROM training_job WHERE status = 'SUCCEEDED'");
        assertAgreesWithTheTable();
        counts.fold();
        assertAgreesWithTheTable();
    }

    @Test
    void aBurstOfChangesIsFoldedInBatches() {
        jdbc.update("""
                INSERT INTO training_job (id, owner, name, status, priority, spec, created_at, queued_at, planned_steps)
                SELECT gen_random_uuid(), 'counted', 'burst-' || i, 'QUEUED', -1, '{}'::jsonb, now(), now(), i % 7
                FROM generate_series(1, ?) AS i""", JobCounts.FOLD_BATCH * 2 + 123);
        assertAgreesWithTheTable();
        counts.fold();
        assertThat(changes()).isZero();
        assertAgreesWithTheTable();
        assertThat(counts.queued("counted")).isEqualTo(JobCounts.FOLD_BATCH * 2 + 123);
    }

    private void assertAgreesWithTheTable() {
        Map<JobStatus, Long> expected = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            expected.put(status, 0L);
        }
        jdbc.query("SELECT status, count(*) FROM training_job GROUP BY status",
                row -> {
                    expected.put(JobStatus.valueOf(row.getString(1)), row.getLong(2));
                });
        assertThat(counts.byStatus()).isEqualTo(expected);
        for (String owner : new String[] {"default", "counted"}) {
            assertThat(counts.queued(owner)).as("queued jobs of " + owner).isEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM training_job WHERE owner = ? AND status = 'QUEUED'", Long.class, owner));
            assertThat(counts.queuedSteps(owner)).as("queued steps of " + owner).isEqualTo(jdbc.queryForObject("""
                    SELECT COALESCE(sum(GREATEST(planned_steps - step, 0)), 0) FROM training_job
                    WHERE owner = ? AND status = 'QUEUED'""", Long.class, owner));
        }
    }

    private long changes() {
        return jdbc.queryForObject("SELECT count(*) FROM job_count_change", Long.class);
    }

    private void submit(String name, long steps) {
        jobs.submit(new JobSpec(name, new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null,
                null, new LoopSpec(null, steps, 8, null), 0));
    }
}
