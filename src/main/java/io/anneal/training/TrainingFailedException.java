package io.anneal.training;

/** A run that cannot go on, with the reason and the update at which it stopped (0 if before any). */
public class TrainingFailedException extends RuntimeException {

    private final FailureReason reason;
    private final long step;

    TrainingFailedException(FailureReason reason, long step, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.step = step;
    }

    static TrainingFailedException diverged(long step, double loss) {
        return new TrainingFailedException(FailureReason.DIVERGED, step,
                "loss became " + loss + " at step " + step, null);
    }

    static TrainingFailedException invalidData(String message, Throwable cause) {
        return new TrainingFailedException(FailureReason.INVALID_DATA, 0, message, cause);
    }

    public FailureReason reason() {
        return reason;
    }

    public long step() {
        return step;
    }
}
