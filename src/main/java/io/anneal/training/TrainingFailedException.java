package io.anneal.training;

/** A run that cannot go on, with the cause and the update at which it stopped (0 if before any). */
public class TrainingFailedException extends RuntimeException {

    /** Why a run cannot go on; none of these is helped by trying again. */
    public enum Cause {
        /** The loss became NaN or infinite. */
        DIVERGED,
        /** The dataset is empty, inconsistent or does not fit the network. */
        INVALID_DATA,
        /** The spec cannot be trained as given. */
        INVALID_SPEC
    }

    private final Cause cause;
    private final long step;

    private TrainingFailedException(Cause cause, long step, String message, Throwable source) {
        super(message, source);
        this.cause = cause;
        this.step = step;
    }

    public static TrainingFailedException diverged(long step, double loss) {
        return new TrainingFailedException(Cause.DIVERGED, step, "loss became " + loss + " at step " + step, null);
    }

    public static TrainingFailedException invalidData(String message, Throwable source) {
        return new TrainingFailedException(Cause.INVALID_DATA, 0, message, source);
    }

    public static TrainingFailedException invalidSpec(String message, Throwable source) {
        return new TrainingFailedException(Cause.INVALID_SPEC, 0, message, source);
    }

    public Cause failure() {
        return cause;
    }

    public long step() {
        return step;
    }
}
