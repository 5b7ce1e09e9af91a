package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.ModelRef;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.JobSpec;
import io.anneal.spec.KeepBest;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.NetworkSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.anneal.support.ActAsDefaultAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The queue on its own: no workers run in this context, so the test claims jobs itself. */
@ExtendWith(ActAsDefaultAdmin.class)
@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class JobQueueTests {

    @Autowired
    JobQueue queue;

    @Autowired
    JobService jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    javax.sql.DataSource dataSource;

    @BeforeEach
    void emptyQueue() {
        jdbc.update("DELETE FROM training_job");
    }

    @Test
    void workersClaimTheHighestPriorityFirstThenTheOldest() {
        JobView low = submit("low", 0);
        JobView high = submit("high", 5);
        JobView lowLater = submit("low-later", 0);
        assertThat(claim().lease().jobId()).isEqualTo(high.id());
        assertThat(claim().lease().jobId()).isEqualTo(low.id());
        assertThat(claim().lease().jobId()).isEqualTo(lowLater.id());
        assertThat(queue.claimNext("test-replica")).isEmpty();
    }

    @Test
    void aClaimStartsAnAttemptUnderANewLeaseToken() {
        JobView job = submit("claimed", 0);
        ClaimedJob claimed = claim();
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.spec().training().batchSize()).isEqualTo(128);
        assertThat(jobs.find(job.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(jobs.find(job.id()).startedAt()).isNotNull();
    }

    @Test
    void writesUnderAStaleLeaseAreRefused() {
        submit("leased", 0);
        ClaimedJob claimed = claim();
        Lease stale = new Lease(claimed.lease().jobId(), claimed.lease().token() - 1);
        assertThat(queue.heartbeat(stale, new RunProgress(1, 10, 100L, 0.5), null)).isEqualTo(HeartbeatAnswer.LEASE_LOST);
        assertThat(queue.succeeded(stale, new RunProgress(1, 10, 100L, 0.5), 0.5, 0.9, null)).isFalse();
        assertThat(jobs.find(claimed.lease().jobId()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(queue.heartbeat(claimed.lease(), new RunProgress(1, 10, 100L, 0.5), null))
                .isEqualTo(HeartbeatAnswer.CONTINUE);
        assertThat(jobs.find(claimed.lease().jobId()).progress().step()).isEqualTo(10);
    }

    @Test
    void aHeartbeatAfterTheJobsOwnVerdictIsToldTheRunEndedNotThatItsLeaseWasLost() {
        submit("finished", 0);
        ClaimedJob claimed = claim();
        RunProgress last = new RunProgress(1, 10, 10L, 0.5);
        assertThat(queue.succeeded(claimed.lease(), last, 0.5, 0.9, null)).isTrue();
        assertThat(queue.heartbeat(claimed.lease(), last, null)).isEqualTo(HeartbeatAnswer.ENDED);
        Lease other = new Lease(claimed.lease().jobId(), claimed.lease().token() + 1);
        assertThat(queue.heartbeat(other, last, null)).isEqualTo(HeartbeatAnswer.LEASE_LOST);
    }

    @Test
    void aHeartbeatTellsTheWorkerOfACancelRequest() {
        JobView job = submit("cancel-me", 0);
        ClaimedJob claimed = claim();
        assertThat(jobs.cancel(job.id()).status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(queue.heartbeat(claimed.lease(), new RunProgress(0, 1, 10L, 1.0), null))
                .isEqualTo(HeartbeatAnswer.CANCEL_REQUESTED);
        assertThat(queue.cancelled(claimed.lease(), new RunProgress(0, 1, 10L, 1.0))).isTrue();
        assertThat(jobs.find(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aStopRequestReachesTheWorkerAndOutlivesAHandBack() {
        JobView job = submit("stop-me", 0);
        ClaimedJob claimed = claim();
        assertThat(claimed.stopRequested()).isFalse();
        jobs.stop(job.id());
        assertThat(queue.heartbeat(claimed.lease(), new RunProgress(0, 5, 10L, 1.0), null))
                .isEqualTo(HeartbeatAnswer.STOP_REQUESTED);
        assertThat(queue.released(claimed.lease(), new RunProgress(0, 5, 10L, 1.0), null)).isTrue();
        ClaimedJob again = claim();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.stopRequested()).as("the next attempt stops at once and keeps its model").isTrue();
        assertThat(queue.stoppedEarly(again.lease(), new RunProgress(0, 5, 10L, 1.0), 1.0, 0.5, null, null)).isTrue();
        assertThat(jobs.find(job.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.find(job.id()).stoppedEarly()).isTrue();
    }

    @Test
    void cancellingAQueuedJobCancelsItAtOnce() {
        JobView job = submit("queued", 0);
        assertThat(jobs.cancel(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(queue.claimNext("test-replica")).isEmpty();
    }

    @Test
    void aJobWhoseWorkerWentSilentIsRequeuedThenFailedAsWorkerLost() {
        JobView job = submit("orphan", 0);
        for (int attempt = 1; attempt <= 2; attempt++) {
            ClaimedJob claimed = claim();
            assertThat(claimed.attempt()).isEqualTo(attempt);
            ageHeartbeat(job);
            assertThat(queue.recoverStale(Duration.ofSeconds(30), 2)).isEqualTo(1);
            JobStatus expected = attempt < 2 ? JobStatus.QUEUED : JobStatus.FAILED;
            assertThat(jobs.find(job.id()).status()).isEqualTo(expected);
        }
        assertThat(jobs.find(job.id()).failure().reason()).hasToString("WORKER_LOST");
    }

    @Test
    void aRestartedReplicaTakesBackOnlyTheJobsItsPreviousProcessRan() {
        JobView mine = submit("mine", 1);
        JobView theirs = submit("theirs", 0);
        assertThat(queue.claimNext("pod-a").orElseThrow().lease().jobId()).isEqualTo(mine.id());
        assertThat(queue.claimNext("pod-b").orElseThrow().lease().jobId()).isEqualTo(theirs.id());
        java.time.Instant restarted = java.time.Instant.now().plusSeconds(1);
        assertThat(queue.recoverOrphans("pod-a", java.time.Instant.now().minusSeconds(60), 3))
                .as("attempts started after the process did are its own, not orphans").isZero();
        assertThat(queue.recoverOrphans("pod-a", restarted, 3)).isEqualTo(1);
        assertThat(jobs.find(mine.id()).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.find(theirs.id()).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aJobsEtagChangesWithEveryWriteAndOnlyThen() {
        JobView job = submit("tagged", 0);
        String queued = jobs.etag(job.id());
        assertThat(jobs.etag(job.id())).isEqualTo(queued);
        ClaimedJob claimed = claim();
        String running = jobs.etag(job.id());
        assertThat(running).isNotEqualTo(queued);
        queue.heartbeat(claimed.lease(), new RunProgress(0, 10, 100L, 0.5), null);
        String beaten = jobs.etag(job.id());
        assertThat(beaten).isNotEqualTo(running);
        queue.recordEngine(claimed.lease(), "KERNEL", "CPU");
        String engine = jobs.etag(job.id());
        assertThat(engine).isNotEqualTo(beaten);
        queue.succeeded(claimed.lease(), new RunProgress(1, 100, 100L, 0.1), 0.1, 0.9, null);
        assertThat(jobs.etag(job.id())).isNotEqualTo(engine).isEqualTo(jobs.etag(job.id()));
    }

    @Test
    void jobsLockedByConcurrentClaimsDoNotHideTheOnesBehindThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            submit("waiting-" + i, 0);
        }
        // five claims in flight elsewhere hold the first five rows of the tenant's queue
        try (java.sql.Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (java.sql.Statement statement = other.createStatement()) {
                statement.execute("SELECT id FROM training_job WHERE status = 'QUEUED' ORDER BY priority DESC, "
                        + "created_at, id LIMIT 5 FOR UPDATE");
            }
            assertThat(queue.claimNext("test-replica")).as("the sixth job, past five locked ones").isPresent()
                    .get().extracting(ClaimedJob::name).isEqualTo("waiting-5");
            other.rollback();
        }
    }

    @Test
    void aFreshHeartbeatIsNotStale() {
        submit("alive", 0);
        claim();
        assertThat(queue.recoverStale(Duration.ofSeconds(30), 3)).isZero();
    }

    @Test
    void aDivergedJobServesTheBestModelItKeptBeforeDivergingAndARunningOneNone() {
        JobView submitted = jobs.submit(new JobSpec("kept", new DatasetRef("synthetic"),
                new NetworkSpec(null, 1, 8, null, null), null, null,
                new LoopSpec(3, null, 10, 1L).withValidation(0.1, null), 0));
        ClaimedJob claimed = claim();
        BestModel best = new BestModel(new ModelRef("/models/kept/best-step-000000000010.zip", "a".repeat(64), 123),
                KeepBest.VALIDATION_ACCURACY, 10, 1, 0.8, 0.6, 0.79);
        assertThat(queue.recordBest(claimed.lease(), best)).isTrue();
        assertThat(jobs.find(submitted.id()).bestModel()).isEqualTo(new JobView.BestModelFile(
                "validationAccuracy", 10, 1, 0.8, 0.6, 0.79, "a".repeat(64), 123));
        assertThatThrownBy(() -> jobs.bestModel(submitted.id())).isInstanceOf(ModelNotReadyException.class)
                .hasMessageContaining("served once the job has ended");

        assertThat(queue.failed(claimed.lease(), FailureReason.DIVERGED, "loss became NaN", 25L)).isTrue();
        assertThat(jobs.bestModel(submitted.id())).isEqualTo(best.model());
        assertThatThrownBy(() -> jobs.model(submitted.id())).isInstanceOf(ModelNotReadyException.class);
    }

    private void ageHeartbeat(JobView job) {
        jdbc.update("UPDATE training_job SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", job.id());
    }

    private ClaimedJob claim() {
        Optional<ClaimedJob> claimed = queue.claimNext("test-replica");
        assertThat(claimed).isPresent();
        return claimed.get();
    }

    private JobView submit(String name, int priority) {
        return jobs.submit(new JobSpec(name, new DatasetRef("synthetic"), new NetworkSpec(null, 1, 8, null, null),
                null, null, null, priority));
    }
}
