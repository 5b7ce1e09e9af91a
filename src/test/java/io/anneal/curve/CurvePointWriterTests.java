package io.anneal.curve;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.job.ClaimedJob;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.job.JobSpec;
import io.anneal.training.spec.DatasetRef;
import io.anneal.training.spec.ModelSpec;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Lingering batches on the real database: points wait for company, a waiting job end does not. */
@SpringBootTest(properties = {"anneal.workers=0", "anneal.curves.linger=30s"})
@ActiveProfiles("test")
@DirtiesContext
class CurvePointWriterTests {

    @Autowired
    CurvePointWriter curves;

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

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

    private int stored(UUID jobId) {
        return jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?", Integer.class, jobId);
    }
}
