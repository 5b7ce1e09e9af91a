package io.anneal.tenant;

import io.anneal.database.DatabaseAvailability;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The quotas in effect for a tenant. Checks that must not race (two submissions each seeing room for
 * one more job) take {@link #lock}, which holds the tenant's row until the caller's transaction ends.
 */
@Component
public class Quotas {

    /** Claims of one tenant that may go ahead together while it is far below its running quota. */
    public static final int CLAIM_SLOTS = 8;
    /** How long limits read for the request rate are reused; a change takes at most this long to apply. */
    private static final Duration REUSE = Duration.ofSeconds(5);
    private final TenantStore tenants;
    private final QuotaProperties defaults;
    private final Map<String, Read> recent = new ConcurrentHashMap<>();

    Quotas(TenantStore tenants, QuotaProperties defaults) {
        this.tenants = tenants;
        this.defaults = defaults;
    }

    /**
     * The tenant's limits, with its row locked until the surrounding transaction ends.
     *
     * @throws IllegalStateException if the tenant does not exist (its key or job could not exist either)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Limits lock(String tenant) {
        return tenants.lock(tenant).orElseThrow(() -> new IllegalStateException("No tenant " + tenant))
                .limits(defaults);
    }

    /**
     * The tenant's limits, with its row share-locked and one of {@link #CLAIM_SLOTS} claim slots held until
     * the surrounding transaction ends; empty, and nothing locked, when every slot is taken. At most that
     * many transactions hold a tenant's slots at once, and none while another holds {@link #lock}: so a
     * claim that sees {@code running + CLAIM_SLOTS <= maxRunningJobs} under it can start a job without
     * taking turns with the tenant's other claims, and the quota still holds when all of them commit.
     *
     * @throws IllegalStateException if the tenant does not exist
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.Optional<Limits> shareForClaim(String tenant) {
        if (!tenants.trySlot(tenant, CLAIM_SLOTS, java.util.concurrent.ThreadLocalRandom.current().nextInt(CLAIM_SLOTS))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(tenants.share(tenant).orElseThrow(() -> new IllegalStateException("No tenant "
                + tenant)).limits(defaults));
    }

    /**
     * The tenant's limits as read at most a few seconds ago; while the database is unreachable, as last
     * read (nothing can change them meanwhile).
     */
    public Limits of(String tenant) {
        long now = System.nanoTime();
        Read read = recent.get(tenant);
        if (read == null || now - read.at > REUSE.toNanos()) {
            try {
                read = new Read(tenants.find(tenant).orElseThrow(() -> new IllegalStateException("No tenant "
                        + tenant)).limits(defaults), now);
            } catch (RuntimeException e) {
                if (read != null && DatabaseAvailability.isUnavailability(e)) {
                    return read.limits;
                }
                throw e;
            }
            recent.put(tenant, read);
        }
        return read.limits;
    }

    /** Running jobs a tenant without its own quota may have. */
    public int defaultMaxRunningJobs() {
        return defaults.maxRunningJobs();
    }

    void forget(String tenant) {
        recent.remove(tenant);
    }

    private record Read(Limits limits, long at) {
    }
}
