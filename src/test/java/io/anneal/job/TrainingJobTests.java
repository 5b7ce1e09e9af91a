package io.anneal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anneal.training.FailureReason;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrainingJobTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyClaimIsANewAttemptWithANewLeaseToken() {
        TrainingJob job = queued();
        job.start(NOW);
        long firstToken = job.leaseToken();
        job.release();
        job.start(NOW.plusSeconds(5));
        assertThat(job.attempt()).isEqualTo(2);
        assertThat(job.leaseToken()).isGreaterThan(firstToken);
        assertThat(job.startedAt()).isEqualTo(NOW);
    }

    @Test
    void aRunningJobAskedToCancelIsCancellingUntilItStops() {
        TrainingJob job = queued();
        job.start(NOW);
        job.requestCancel(NOW);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLING);
        job.requestCancel(NOW);
        job.stopAsCancelled(NOW);
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void aJobHandedBackWhileItsCancelWasPendingEndsCancelledInsteadOfRunningAgain() {
        TrainingJob job = queued();
        job.start(NOW);
        job.requestCancel(NOW);
        job.release();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void finishedJobsRefuseEveryChange() {
        TrainingJob job = queued();
        job.start(NOW);
        job.fail(NOW, FailureReason.DIVERGED, "loss became NaN", 12L);
        assertThatThrownBy(() -> job.requestCancel(NOW)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(() -> job.start(NOW)).isInstanceOf(IllegalJobTransitionException.class);
        assertThatThrownBy(job::release).isInstanceOf(IllegalJobTransitionException.class);
    }

    @Test
    void aQueuedJobCannotSucceedWithoutRunning() {
        assertThatThrownBy(() -> queued().succeed(NOW, 1, 1, 0.1, 0.1, 0.9))
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
