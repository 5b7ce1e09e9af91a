package io.anneal.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

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
        String sha256 = sha256(requestJson);
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
            throw reusedWithAnotherBody(key);
        }
        return Optional.of((UUID) earlier.get(0)[1]);
    }

    private static void check(String key) {
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "Idempotency-Key: must be 1 to 200 visible ASCII characters");
            problem.setType(JobProblems.type("invalid-idempotency-key"));
            problem.setTitle("Invalid Idempotency-Key");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
    }

    private static ErrorResponseException reusedWithAnotherBody(String key) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "Idempotency-Key '" + key + "' was already used with a different request body.");
        problem.setType(JobProblems.type("idempotency-key-reused"));
        problem.setTitle("Idempotency key reused");
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
