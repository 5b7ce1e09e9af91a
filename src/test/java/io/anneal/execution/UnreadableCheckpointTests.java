package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.artifact.CheckpointRef;
import io.anneal.artifact.StorageProperties;
import io.anneal.job.ClaimedJob;
import io.anneal.job.FailureReason;
import io.anneal.job.JobQueue;
import io.anneal.job.JobService;
import io.anneal.job.JobStatus;
import io.anneal.job.JobView;
import io.anneal.job.RunProgress;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.NetworkSpec;
import io.anneal.support.ActAsDefaultAdmin;
import io.anneal.support.S3Server;
import io.anneal.training.internal.TrainingPosition;
import io.anneal.training.internal.checkpoint.SavedCheckpoint;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A replica that cannot read the checkpoint a job resumes from (written where it cannot see, here: not
 * in the bucket it uses) says so on the job and hands it back; it never trains the job again from step 0.
 */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class UnreadableCheckpointTests {

    private static final StorageProperties.S3 BUCKET = S3Server.get().newBucket("anneal");

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        S3Server.use(BUCKET, registry);
    }

    @Autowired
    JobService jobs;

    @Autowired
    JobQueue queue;

    @Autowired
    JobExecutor executor;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachAttemptSaysWhichCheckpointItCannotReadAndTheJobFailsWithItsWorkKept() {
        UUID id = jobs.submit(new JobSpec("unreadable", new DatasetRef("synthetic"),
                new NetworkSpec(null, 1, 8, null, null), null, null, null, 0)).id();
        ClaimedJob first = queue.claimNext("writer").orElseThrow();
        CheckpointRef elsewhere = new SavedCheckpoint("store:" + id + "/step-000000000050.zip", "0".repeat(64),
                new TrainingPosition(50, 1, 50, 0, 50, Double.NaN, Double.NaN)).toRef(Instant.now());
        assertThat(queue.released(first.lease(), new RunProgress(1, 50, 1_000L, 0.5), elsewhere)).isTrue();

        JobView view;
        int attempts = 1;
        do {
            ClaimedJob claimed = queue.claimNext("reader").orElseThrow();
            assertThat(claimed.checkpoint().step()).isEqualTo(50);
            executor.execute(claimed, 0);
            attempts++;
            view = jobs.find(id);
        } while (view.status() == JobStatus.QUEUED && attempts < 10);

        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.failure().reason()).isEqualTo(FailureReason.CHECKPOINT_UNREADABLE);
        assertThat(view.failure().step()).isEqualTo(50);
        assertThat(view.failure().message()).contains("replica ", "cannot read the checkpoint at step 50",
                "s3://" + BUCKET.bucket() + "/anneal/checkpoints/" + id + "/step-000000000050.zip is not there",
                "share one artifact storage");
        assertThat(view.progress().step()).as("no attempt started again from step 0").isEqualTo(50);
        assertThat(view.attempts()).hasSize(attempts);
        assertThat(view.attempts().subList(1, attempts)).allSatisfy(attempt -> {
            assertThat(attempt.replica()).isEqualTo("reader");
            assertThat(attempt.resumedFromStep()).isEqualTo(50);
            assertThat(attempt.failure().reason()).isEqualTo(FailureReason.CHECKPOINT_UNREADABLE);
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM curve_point WHERE job_id = ?", Long.class, id))
                .as("nothing trained").isZero();
    }
}
