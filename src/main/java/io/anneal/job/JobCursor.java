package io.anneal.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Opaque keyset cursor: the (createdAt, id) of the last job of a page. */
record JobCursor(Instant createdAt, UUID id) {

    static final JobCursor FIRST = new JobCursor(Instant.parse("9999-12-31T00:00:00Z"),
            new UUID(-1L, -1L));

    String encode() {
        String raw = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static JobCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return FIRST;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new JobCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "cursor: not a cursor this service issued");
            problem.setType(JobProblems.type("invalid-cursor"));
            problem.setTitle("Invalid cursor");
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, e);
        }
    }
}
