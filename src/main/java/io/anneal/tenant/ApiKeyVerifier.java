package io.anneal.tenant;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Checks a presented key: cached when verified recently, else its stored salted hash compared in
 * constant time. An unknown id is compared against a dummy hash, so a wrong key costs the same whatever
 * part of it matched. Revoked keys leave the cache on every replica as soon as the revocation is
 * announced ({@link #evict}).
 */
@Component
class ApiKeyVerifier {

    /** Why a key was refused; the tag of the rejection counter. */
    enum Rejection {
        MISSING, MALFORMED, UNKNOWN, REVOKED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The caller, or why the key was refused. */
    record Result(Caller caller, Rejection rejection) {
    }

    private static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_CACHED = 10_000;
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private final ApiKeyStore keys;
    private final Duration ttl;
    private final Clock clock;
    private final byte[] dummySalt;
    private final byte[] dummyHash;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Map<String, Long> touched = new ConcurrentHashMap<>();

    ApiKeyVerifier(ApiKeyStore keys, ApiKeyProperties properties, Clock clock) {
        this.keys = keys;
        this.ttl = properties.cacheTtl();
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        this.dummySalt = ApiKeyFormat.salt(random);
        this.dummyHash = ApiKeyFormat.hash(ApiKeyFormat.salt(random), "no key has this secret");
    }

    Result verify(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return new Result(null, Rejection.MALFORMED);
        }
        String cacheKey = ApiKeyFormat.cacheKey(key);
        long now = System.nanoTime();
        Verified hit = verified.get(cacheKey);
        if (hit != null && now - hit.at < ttl.toNanos()) {
            touch(hit.storedId);
            return new Result(hit.caller, null);
        }
        Result result = check(key);
        if (result.caller() != null) {
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            String storedId = ApiKeyFormat.parse(key).map(ApiKeyFormat.Parsed::id).orElse(ApiKeyFormat.CONFIGURED_ID);
            verified.put(cacheKey, new Verified(result.caller(), storedId, now));
            touch(storedId);
        }
        return result;
    }

    private Result check(String key) {
        Optional<ApiKeyFormat.Parsed> parsed = ApiKeyFormat.parse(key);
        String id = parsed.map(ApiKeyFormat.Parsed::id).orElse(ApiKeyFormat.CONFIGURED_ID);
        Optional<StoredKey> stored = keys.find(id);
        byte[] salt = stored.map(StoredKey::salt).orElse(dummySalt);
        byte[] expected = stored.map(StoredKey::hash).orElse(dummyHash);
        boolean matches = MessageDigest.isEqual(expected,
                ApiKeyFormat.hash(salt, parsed.map(ApiKeyFormat.Parsed::secret).orElse(key)));
        if (!matches || stored.isEmpty()) {
            return new Result(null, Rejection.UNKNOWN);
        }
        if (stored.get().revokedAt() != null) {
            return new Result(null, Rejection.REVOKED);
        }
        return new Result(stored.get().caller(), null);
    }

    /** Records when a key was last used, at most once a minute per key per replica. */
    private void touch(String storedId) {
        long now = System.nanoTime();
        Long last = touched.get(storedId);
        if (last == null || now - last > TOUCH_EVERY.toNanos()) {
            touched.put(storedId, now);
            keys.touch(storedId, clock.instant());
        }
    }

    /** Forgets the verified key of that stored id (revoked, or replaced). */
    void evict(String storedId) {
        verified.values().removeIf(entry -> entry.storedId.equals(storedId));
    }

    /** Forgets every verified key (a revocation may have been missed). */
    void evictAll() {
        verified.clear();
    }

    private record Verified(Caller caller, String storedId, long at) {
    }
}
