package io.anneal.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tenant table. */
@Repository
class TenantStore {

    private static final String COLUMNS = "id, name, created_at, max_running_jobs, max_queued_jobs, "
            + "max_queued_steps, max_upload_bytes, requests_per_second";
    private final JdbcTemplate jdbc;

    TenantStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<TenantRow> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM tenant WHERE id = ?", TenantStore::row, id).stream()
                .findFirst();
    }

    /**
     * The tenant, its row locked until the transaction ends: quota checks of one tenant take turns (NO KEY:
     * inserts that refer to the tenant by foreign key are not held up).
     */
    Optional<TenantRow> lock(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM tenant WHERE id = ? FOR NO KEY UPDATE", TenantStore::row, id)
                .stream().findFirst();
    }

    /**
     * The tenant, its row share-locked until the transaction ends: share holders go ahead together, a
     * {@link #lock} waits for all of them (and they for it).
     */
    Optional<TenantRow> share(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM tenant WHERE id = ? FOR SHARE", TenantStore::row, id)
                .stream().findFirst();
    }

    /**
     * Takes one of {@code slots} transaction-scoped advisory locks of the tenant, trying them from
     * {@code first} on, without waiting; false when all are held. Tenants whose ids hash alike share
     * slots, which only lowers how many go ahead together.
     */
    boolean trySlot(String id, int slots, int first) {
        for (int i = 0; i < slots; i++) {
            if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class,
                    id.hashCode(), CLAIM_SLOT_KEYS + (first + i) % slots))) {
                return true;
            }
        }
        return false;
    }

    /** The second keys of the claim slots' advisory locks (first key: the tenant id's hash). */
    private static final int CLAIM_SLOT_KEYS = 0x416E6E00;

    List<TenantRow> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM tenant ORDER BY id", TenantStore::row);
    }

    /** False if a tenant with that id exists already. */
    boolean insert(TenantRow tenant) {
        return jdbc.update("INSERT INTO tenant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                tenant.id(), tenant.name(), Timestamp.from(tenant.createdAt()), tenant.maxRunningJobs(),
                tenant.maxQueuedJobs(), tenant.maxQueuedSteps(), tenant.maxUploadBytes(),
                tenant.requestsPerSecond()) == 1;
    }

    void update(TenantRow tenant) {
        jdbc.update("UPDATE tenant SET name = ?, max_running_jobs = ?, max_queued_jobs = ?, max_queued_steps = ?, "
                + "max_upload_bytes = ?, requests_per_second = ? WHERE id = ?", tenant.name(),
                tenant.maxRunningJobs(), tenant.maxQueuedJobs(), tenant.maxQueuedSteps(), tenant.maxUploadBytes(),
                tenant.requestsPerSecond(), tenant.id());
    }

    long count() {
        return jdbc.queryForObject("SELECT count(*) FROM tenant", Long.class);
    }

    private static TenantRow row(ResultSet rs, int i) throws SQLException {
        return new TenantRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                rs.getObject(4, Integer.class), rs.getObject(5, Integer.class), rs.getObject(6, Long.class),
                rs.getObject(7, Long.class), rs.getObject(8, Double.class));
    }
}
