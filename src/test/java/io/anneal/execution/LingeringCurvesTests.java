package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.anneal.artifact.CheckpointRef;
import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerMeters;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.training.SampledUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.anneal.support.ActAsDefaultAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Curve batches that linger for more points, on the real database: a waiting job end cuts the linger
 * short; a checkpoint reaches the heartbeat only once the curve points before it are written, and
 * saving one cuts the linger short too.
 */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = {"anneal.workers=0", "anneal.curves.linger=30s"})
@ActiveProfiles("test")
@DirtiesContext
class LingeringCurvesTests {

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    CurvePointWriter curves;

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
    void aBatchLingersForMorePointsUntilSomeoneWaitsForIt() throws InterruptedException {
        jobs.submit(new JobSpec("curves", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null,
                null, null, 0));
        ClaimedJob job = queue.claimNext("test-replica").orElseThrow();
        for (long step = 1; step <= 3; step++) {
            curves.offer(new CurvePoint(job.lease().jobId(), job.lease().token(), Metric.LOSS, step, 1, 1.0 / step,
                    Instant.now()));
        }
        Thread.sleep(1_000);
        assertThat(stored(job.lease().jobId())).as("points still lingering after 1 s of a 30 s linger").isZero();

        long waited = System.nanoTime();
        assertThat(curves.awaitWritten(10_000)).isTrue();
        assertThat((System.nanoTime() - waited) / 1e9).as("seconds until written once someone waits").isLessThan(5);
        assertThat(stored(job.lease().jobId())).isEqualTo(3);
    }

    @Test
    void aBatchThatFillsUpIsWrittenWithoutWaitingOutTheLinger() throws InterruptedException {
        jobs.submit(new JobSpec("full", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null), null,
                null, null, 0));
        ClaimedJob job = queue.claimNext("test-replica").orElseThrow();
        int batch = 1_000; // anneal.curves.batch-size's default
        for (long step = 1; step <= batch + 5; step++) {
            curves.offer(new CurvePoint(job.lease().jobId(), job.lease().token(), Metric.LOSS, step, 1, 1.0 / step,
                    Instant.now()));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stored(job.lease().jobId()) < batch && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stored(job.lease().jobId())).as("a full batch written within 10 s of a 30 s linger")
                .isEqualTo(batch);
        Thread.sleep(500);
        assertThat(stored(job.lease().jobId())).as("the 5 points after it still linger").isEqualTo(batch);
        assertThat(curves.awaitWritten(10_000)).isTrue();
        assertThat(stored(job.lease().jobId())).isEqualTo(batch + 5);
    }

    @Test
    void aCheckpointWaitsForTheCurvePointsBeforeIt() throws InterruptedException {
        jobs.submit(new JobSpec("checkpointed", new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null),
                null, null, null, 0));
        ClaimedJob job = queue.claimNext("test-replica").orElseThrow();
        JobRun run = new JobRun(job, "{}", curves, workerMeters.forWorker(98), meters, java.time.Clock.systemUTC());
        run.started(100);
        run.stepSampled(new SampledUpdate(10, 1, 0.5, 0, 0.1));
        CheckpointRef checkpoint = new CheckpointRef("{\"path\":\"checkpoint-10.zip\"}", 10, 1, Instant.now());
        Thread.sleep(500);
        assertThat(curves.written()).as("the loss point lingers (linger 30 s)").isLessThan(curves.offered());
        run.checkpointSaved(checkpoint);
        CheckpointRef reported = run.checkpoints().takeUnreported();
        if (reported == null) {
            // the checkpoint asked for the lingering points to be written; they are, well before the linger ends
            await().atMost(Duration.ofSeconds(5)).until(() -> curves.written() >= curves.offered());
            reported = run.checkpoints().takeUnreported();
        }
        assertThat(reported).isSameAs(checkpoint);
        assertThat(run.checkpoints().takeUnreported()).as("reported once").isNull();
    }

    private int stored(UUID jobId) {
        return jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?", Integer.class, jobId);
    }
}
