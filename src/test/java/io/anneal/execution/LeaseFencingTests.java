package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.job.JobStatus;
import io.anneal.job.RunProgress;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerMeters;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.anneal.support.ActAsDefaultAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** A worker whose lease was taken over is told to stop and can no longer write anything. */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class LeaseFencingTests {

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    CurvePointWriter curves;

    @Autowired
    Heartbeats heartbeats;

    @Autowired
    ActiveRuns active;

    @Autowired
    AnnealMeters meters;

    @Autowired
    WorkerMeters workerMeters;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM training_job");
    }

    @Test
    void aWorkerWhoseLeaseWasStolenStopsAndWritesNothingMore() throws InterruptedException {
        jobs.submit(new JobSpec("fenced", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null,
                null, null, 0));
        ClaimedJob stale = queue.claimNext("test-replica").orElseThrow();
        jdbc.update("UPDATE training_job SET heartbeat_at = now() - interval '1 hour' WHERE id = ?",
                stale.lease().jobId());
        queue.recoverStale(Duration.ofSeconds(30), 5);
        ClaimedJob current = queue.claimNext("test-replica").orElseThrow();
        assertThat(current.lease().token()).isGreaterThan(stale.lease().token());

        JobRun staleRun = new JobRun(stale, "{}", curves, workerMeters.forWorker(99), meters, java.time.Clock.systemUTC());
        active.add(staleRun);
        try {
            heartbeats.beatAll();
            assertThat(staleRun.stopRequested()).isTrue();
            assertThat(staleRun.control().cause()).isEqualTo(RunControl.StopCause.LEASE_LOST);
        } finally {
            active.remove(staleRun);
        }

        curves.offer(new CurvePoint(stale.lease().jobId(), stale.lease().token(), Metric.LOSS, 7, 1, 0.5, Instant.now()));
        curves.offer(new CurvePoint(current.lease().jobId(), current.lease().token(), Metric.LOSS, 8, 1, 0.4,
                Instant.now()));
        assertThat(curves.awaitWritten(10_000)).isTrue();
        assertThat(jdbc.queryForList("SELECT step FROM curve_point WHERE job_id = ?", Long.class,
                stale.lease().jobId())).containsExactly(8L);

        RunProgress progress = new RunProgress(1, 7, 10L, 0.5);
        assertThat(queue.succeeded(stale.lease(), progress, 0.5, 0.9, null)).isFalse();
        assertThat(queue.failed(stale.lease(), io.anneal.job.FailureReason.INTERNAL, "late", 7L)).isFalse();
        assertThat(jobs.find(stale.lease().jobId()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.find(stale.lease().jobId()).attempt()).isEqualTo(2);
    }
}
