package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anneal.artifact.CheckpointRef;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrainingJobTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final RunProgress AT_40 = new RunProgress(1, 40, 100L, 0.5);

    @Test
    void everyClaimIsANewAttemptWithANewLeaseToken() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        long firstToken = job.leaseToken();
        job.release(NOW.plusSeconds(1), AT_40);
        job.start(NOW.plusSeconds(5), "replica-b");
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.leaseToken()).isGreaterThan(firstToken);
        assertThat(job.startedAt()).isEqualTo(NOW);
    }

    @Test
    void aRetriedJobKeepsWhyEachEarlierAttemptEnded() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        job.retryAfter(NOW.plusSeconds(1), FailureReason.OUT_OF_MEMORY, "heap exhausted", 40L, AT_40);
        job.start(NOW.plusSeconds(2), "replica-b");
        job.recoverFromLostWorker(NOW.plusSeconds(3), 5);
        job.start(NOW.plusSeconds(4), "replica-c");
        job.succeed(NOW.plusSeconds(5), new RunProgress(1, 100, 100L, 0.1), 0.2, 0.9, null);

        assertThat(job.attempts()).extracting(JobAttempt::attempt, JobAttempt::replica, JobAttempt::outcome,
                JobAttempt::failureReason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "replica-a", AttemptOutcome.FAILED,
                                FailureReason.OUT_OF_MEMORY),
                        org.assertj.core.groups.Tuple.tuple(2, "replica-b", AttemptOutcome.WORKER_LOST, null),
                        org.assertj.core.groups.Tuple.tuple(3, "replica-c", AttemptOutcome.SUCCEEDED, null));
        assertThat(job.attempts().get(0).failureMessage()).isEqualTo("heap exhausted");
        assertThat(job.attempts().get(0).endedAt()).isEqualTo(NOW.plusSeconds(1));
        assertThat(job.failureReason()).as("the job itself succeeded").isNull();
    }

    @Test
    void anAttemptThatResumesRecordsTheCheckpointStep() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        job.recordCheckpoint(new CheckpointRef("token", 30, 1, NOW));
        job.release(NOW.plusSeconds(1), AT_40);
        job.start(NOW.plusSeconds(2), "replica-b");
        job.resumeFromCheckpoint();
        assertThat(job.step()).isEqualTo(30);
        assertThat(job.attempts().get(1).resumedFromStep()).isEqualTo(30);
        assertThat(job.attempts().get(0).resumedFromStep()).isNull();
    }

    @Test
    void theJobRaisesItsOwnEvents() {
        TrainingJob job = queued();
        job.start(NOW.plusSeconds(3), "replica-a");
        job.requestCancel(NOW.plusSeconds(4));
        job.stopAsCancelled(NOW.plusSeconds(5), AT_40);
        assertThat(job.raisedEvents()).hasExactlyElementsOfTypes(JobSubmitted.class, JobStarted.class,
                JobCancelRequested.class, JobFinished.class);
        assertThat(((JobStarted) job.raisedEvents().get(1)).queued()).hasSeconds(3);
        assertThat(((JobFinished) job.raisedEvents().get(3)).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aRunningJobAskedToCancelIsCancellingUntilItStops() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        job.requestCancel(NOW);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLING);
        job.requestCancel(NOW);
        job.stopAsCancelled(NOW, AT_40);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.finishedAt()).isEqualTo(NOW);
        assertThat(job.step()).isEqualTo(40);
    }

    @Test
    void aJobHandedBackWhileItsCancelWasPendingEndsCancelledInsteadOfRunningAgain() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        job.requestCancel(NOW);
        job.release(NOW, AT_40);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void finishedJobsRefuseEveryChange() {
        TrainingJob job = queued();
        job.start(NOW, "replica-a");
        job.fail(NOW, FailureReason.DIVERGED, "loss became NaN", 12L, null);
        assertThatThrownBy(() -> job.requestCancel(NOW)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> job.start(NOW, "replica-a")).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> job.release(NOW, AT_40)).isInstanceOf(IllegalJobTransitionException.class);
        assertThat(job.attempts()).singleElement().extracting(JobAttempt::outcome)
                .isEqualTo(AttemptOutcome.FAILED);
    }

    @Test
    void aQueuedJobCannotSucceedWithoutRunning() {
        assertThatThrownBy(() -> queued().succeed(NOW, AT_40, 0.1, 0.9, null))
                .isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void theTransitionTableHasNoWayOutOfATerminalState() {
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                if (from.isTerminal()) {
                    assertThat(from.canBecome(to)).as("%s -> %s", from, to).isFalse();
                }
            }
        }
        assertThat(JobStatus.CANCELLING.canBecome(JobStatus.QUEUED)).isFalse();
    }

    private static TrainingJob queued() {
        return new TrainingJob(UUID.randomUUID(), "default", "job", 0, "{}", NOW);
    }
}
