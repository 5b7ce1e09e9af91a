package io.anneal.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The api_key table. */
@Repository
class ApiKeyStore {

    private static final String COLUMNS = "id, tenant_id, name, role, salt, hash, created_at, last_used_at, revoked_at";
    private final JdbcTemplate jdbc;

    ApiKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredKey> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE id = ?", ApiKeyStore::row, id).stream()
                .findFirst();
    }

    List<StoredKey> list(String tenant) {
        return jdbc.query("SELECT " + COLUMNS + " FROM api_key WHERE tenant_id = ? ORDER BY created_at, id",
                ApiKeyStore::row, tenant);
    }

    void insert(StoredKey key) {
        jdbc.update("INSERT INTO api_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)", key.id(),
                key.tenant(), key.name(), key.role().name(), key.salt(), key.hash(), Timestamp.from(key.createdAt()));
    }

    /** Replaces the configured key's hash and makes it valid again (the operator configured a new one). */
    void replace(StoredKey key) {
        jdbc.update("UPDATE api_key SET salt = ?, hash = ?, created_at = ?, revoked_at = NULL WHERE id = ?",
                key.salt(), key.hash(), Timestamp.from(key.createdAt()), key.id());
    }

    /** Revokes the key if it is the tenant's and not yet revoked; false otherwise. */
    boolean revoke(String tenant, String id, Instant now) {
        return jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
                Timestamp.from(now), id, tenant) == 1;
    }

    /** Revokes the key whatever its tenant; false if it is revoked already or there is none. */
    boolean revoke(String id, Instant now) {
        return jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Timestamp.from(now),
                id) == 1;
    }

    void touch(String id, Instant now) {
        jdbc.update("UPDATE api_key SET last_used_at = ? WHERE id = ?", Timestamp.from(now), id);
    }

    boolean anyActiveAdmin() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM api_key WHERE role = 'ADMIN' AND revoked_at IS NULL)", Boolean.class));
    }

    /** Serialises the first start of several replicas, so only one generates the first admin key. */
    void lockBootstrap() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext('anneal_bootstrap_key'))::text", String.class);
    }

    private static StoredKey row(ResultSet rs, int i) throws SQLException {
        return new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                rs.getBytes(5), rs.getBytes(6), rs.getTimestamp(7).toInstant(), instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
