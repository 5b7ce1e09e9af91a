package io.anneal.job;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * One attempt at a job: which replica ran it under which lease token, from which step, when it ended and
 * how. A job keeps every
 * attempt, so a retried job still shows why an earlier attempt died.
 */
@Embeddable
class JobAttempt {

    private int attempt;
    private String replica;
    private Long leaseToken;
    private Instant startedAt;
    private Long resumedFromStep;
    private Instant endedAt;
    @Enumerated(EnumType.STRING)
    private AttemptOutcome outcome;
    @Enumerated(EnumType.STRING)
    private FailureReason failureReason;
    private String failureMessage;
    private Long failureStep;
    private String engine;
    private String backend;

    protected JobAttempt() {
    }

    JobAttempt(int attempt, String replica, long leaseToken, Instant startedAt) {
        this.attempt = attempt;
        this.replica = replica;
        this.leaseToken = leaseToken;
        this.startedAt = startedAt;
    }

    void resumedFrom(long step) {
        resumedFromStep = step;
    }

    void computedBy(String engine, String backend) {
        this.engine = engine;
        this.backend = backend;
    }

    void end(Instant now, AttemptOutcome how) {
        if (endedAt == null) {
            endedAt = now;
            outcome = how;
        }
    }

    void endFailed(Instant now, FailureReason reason, String message, Long step) {
        end(now, AttemptOutcome.FAILED);
        failureReason = reason;
        failureMessage = message;
        failureStep = step;
    }

    int attempt() { return attempt; }
    String replica() { return replica; }
    Instant startedAt() { return startedAt; }
    Long resumedFromStep() { return resumedFromStep; }
    Instant endedAt() { return endedAt; }
    AttemptOutcome outcome() { return outcome; }
    FailureReason failureReason() { return failureReason; }
    String failureMessage() { return failureMessage; }
    Long failureStep() { return failureStep; }
    String engine() { return engine; }
    String backend() { return backend; }
}
