package io.anneal.job;

import io.anneal.artifact.Sha256;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Claims idempotency keys with {@code INSERT ... ON CONFLICT DO NOTHING} on the key's primary key: a
 * concurrent claim of the same key waits for the first transaction and then sees its row, so one key
 * never yields two jobs. Must run inside the submitting transaction.
 */
@Component
class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code key} for a new job {@code jobId}; if the key was used before with the same request,
     * returns the job it created, and if with another request, refuses.
     */
    Optional<UUID> claimOrReplay(String owner, String key, String requestJson, UUID jobId) {
        check(key);
        String sha256 = Sha256.of(requestJson);
        int claimed = jdbc.update("""
                INSERT INTO job_submission_key (owner, idempotency_key, request_sha256, job_id)
                VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""", owner, key, sha256, jobId);
        if (claimed == 1) {
            return Optional.empty();
        }
        List<Object[]> earlier = jdbc.query("""
                SELECT request_sha256, job_id FROM job_submission_key WHERE owner = ? AND idempotency_key = ?""",
                (row, i) -> new Object[] {row.getString(1), row.getObject(2, UUID.class)}, owner, key);
        if (earlier.isEmpty()) {
            throw new IllegalStateException("idempotency key " + key + " neither claimed nor found");
        }
        if (!earlier.get(0)[0].equals(sha256)) {
            throw IdempotencyKeyException.reused(key);
        }
        return Optional.of((UUID) earlier.get(0)[1]);
    }

    private static void check(String key) {
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw IdempotencyKeyException.malformed();
        }
    }
}
