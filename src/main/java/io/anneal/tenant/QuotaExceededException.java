package io.anneal.tenant;

/** A request would take its tenant past a quota; nothing of it has been stored. */
public class QuotaExceededException extends RuntimeException {

    private final transient Quota quota;
    private final long limit;
    private final long used;
    private final long requested;

    private QuotaExceededException(String tenant, Quota quota, long limit, long used, long requested, String hint) {
        super("Tenant '" + tenant + "' may have at most " + limit + " " + quota.description() + "; " + used
                + " in use and this request adds " + requested + ". " + hint);
        this.quota = quota;
        this.limit = limit;
        this.used = used;
        this.requested = requested;
    }

    /** Throws unless {@code used + requested} stays within {@code limit}. */
    public static void check(String tenant, Quota quota, long limit, long used, long requested) {
        if (requested > 0 && used + requested > limit) {
            throw new QuotaExceededException(tenant, quota, limit, used, requested, switch (quota) {
                case UPLOAD_BYTES -> "Delete datasets no longer used, or ask an admin to raise the quota.";
                default -> "Wait for queued jobs to start or cancel some, or ask an admin to raise the quota.";
            });
        }
    }

    public Quota quota() {
        return quota;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    public long requested() {
        return requested;
    }
}
