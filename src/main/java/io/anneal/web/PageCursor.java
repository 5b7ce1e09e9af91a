package io.anneal.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The opaque keyset cursor of a newest-first list: the ({@code createdAt}, {@code id}) of the last item
 * of the page before. Lists of jobs and experiments hand it out as {@code nextCursor}.
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** Before every real item: where the first page starts. */
    public static final PageCursor FIRST = new PageCursor(Instant.parse("9999-12-31T00:00:00Z"),
            new UUID(-1L, -1L));

    public String encode() {
        String raw = createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; {@link #FIRST} when none; a 400 problem when it is not one of ours. */
    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return FIRST;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw Problems.error(HttpStatus.BAD_REQUEST, "invalid-cursor", "Invalid cursor",
                    "cursor: not a cursor this service issued; pass back the nextCursor of the previous page");
        }
    }
}
