package io.anneal.job;

/**
 * An {@code Idempotency-Key} header that cannot be used, or that was used before with another request;
 * {@code slug} names the problem type.
 */
public class IdempotencyKeyException extends RuntimeException {

    private final String slug;
    private final String title;
    private final boolean conflictsWithEarlierRequest;

    private IdempotencyKeyException(String slug, String title, String message, boolean conflicts) {
        super(message);
        this.slug = slug;
        this.title = title;
        this.conflictsWithEarlierRequest = conflicts;
    }

    static IdempotencyKeyException malformed() {
        return new IdempotencyKeyException("invalid-idempotency-key", "Invalid Idempotency-Key",
                "Idempotency-Key: must be 1 to 200 visible ASCII characters", false);
    }

    static IdempotencyKeyException reused(String key) {
        return new IdempotencyKeyException("idempotency-key-reused", "Idempotency key reused",
                "Idempotency-Key '" + key + "' was already used with a different request body.", true);
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** True when the request is fine on its own but contradicts an earlier one (422 rather than 400). */
    public boolean conflictsWithEarlierRequest() {
        return conflictsWithEarlierRequest;
    }
}
