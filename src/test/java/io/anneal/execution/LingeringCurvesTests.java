package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.anneal.curve.CurvePoint;
import io.anneal.curve.CurvePointWriter;
import io.anneal.curve.Metric;
import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.job.JobSpec;
import io.anneal.metrics.AnnealMeters;
import io.anneal.metrics.WorkerMeters;
import io.anneal.training.StepProgress;
import io.anneal.training.TrainingPosition;
import io.anneal.training.checkpoint.SavedCheckpoint;
import io.anneal.training.spec.DatasetRef;
import io.anneal.training.spec.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
        jobs.submit(new JobSpec("curves", new DatasetRef("synthetic"), new ModelSpec(null, 1, 8, null, null), null,
                null, null, 0));
        ClaimedJob job = queue.claimNext().orElseThrow();
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
    void aCheckpointWaitsForTheCurvePointsBeforeIt() throws InterruptedException {
        jobs.submit(new JobSpec("checkpointed", new DatasetRef("synthetic"), new ModelSpec(null, 1, 8, null, null),
                null, null, null, 0));
        ClaimedJob job = queue.claimNext().orElseThrow();
        JobRun run = new JobRun(job, curves, workerMeters.forWorker(98), meters);
        run.started(100);
        run.stepSampled(new StepProgress(10, 1, 0.5, 0, 0.1));
        SavedCheckpoint checkpoint = new SavedCheckpoint("checkpoint-10.zip", "00",
                new TrainingPosition(10, 1, 10, 5.0, 10, Double.NaN, Double.NaN), Instant.now());
        Thread.sleep(500);
        assertThat(curves.written()).as("the loss point lingers (linger 30 s)").isLessThan(curves.offered());
        run.checkpointSaved(checkpoint);
        SavedCheckpoint reported = run.takeUnreportedCheckpoint();
        if (reported == null) {
            // the checkpoint asked for the lingering points to be written; they are, well before the linger ends
            await().atMost(Duration.ofSeconds(5)).until(() -> curves.written() >= curves.offered());
            reported = run.takeUnreportedCheckpoint();
        }
        assertThat(reported).isSameAs(checkpoint);
        assertThat(run.takeUnreportedCheckpoint()).as("reported once").isNull();
    }

    private int stored(UUID jobId) {
        return jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?", Integer.class, jobId);
    }
}
