package io.anneal.tenant;

import io.anneal.database.DatabaseAvailability;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Checks a presented key: cached when verified recently (and kept while the database is unreachable), else its stored salted hash compared in
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
    /** How long a refused key is refused without reading it again; a key made since works after this. */
    private static final Duration REFUSALS_KEPT = Duration.ofSeconds(2);
    private final ApiKeyStore keys;
    private final Duration ttl;
    private final Clock clock;
    private final byte[] dummySalt;
    private final byte[] dummyHash;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Keys refused a moment ago, so a flood of wrong keys does not become a flood of queries. */
    private final Map<String, Refused> refused = new ConcurrentHashMap<>();
    /** Counts evictions: a key checked while one happened is not cached, it may be the one evicted. */
    private final java.util.concurrent.atomic.AtomicLong evictions = new java.util.concurrent.atomic.AtomicLong();
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
        Refused miss = refused.get(cacheKey);
        if (miss != null && now - miss.at < REFUSALS_KEPT.toNanos()) {
            return new Result(null, miss.rejection);
        }
        long epoch = evictions.get();
        Result result;
        try {
            result = check(key);
        } catch (RuntimeException e) {
            if (hit != null && DatabaseAvailability.isUnavailability(e)) {
                // verified before the outage; no key can be revoked until the database is back
                return new Result(hit.caller, null);
            }
            throw e;
        }
        String storedId = ApiKeyFormat.parse(key).map(ApiKeyFormat.Parsed::id).orElse(ApiKeyFormat.CONFIGURED_ID);
        if (result.caller() != null) {
            bounded(verified).put(cacheKey, new Verified(result.caller(), storedId, now));
            if (evictions.get() != epoch) {
                verified.remove(cacheKey); // revoked while it was checked: read again next time
            }
            touch(storedId);
        } else {
            bounded(refused).put(cacheKey, new Refused(result.rejection(), now));
        }
        return result;
    }

    private static <V> Map<String, V> bounded(Map<String, V> cache) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        return cache;
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
            try {
                keys.touch(storedId, clock.instant());
            } catch (RuntimeException e) {
                if (!DatabaseAvailability.isUnavailability(e)) {
                    throw e;
                }
                // "last used" is a hint: recorded with a later request once the database is back
                touched.remove(storedId);
            }
        }
    }

    /** Forgets the verified key of that stored id (revoked, or replaced). */
    void evict(String storedId) {
        evictions.incrementAndGet();
        verified.values().removeIf(entry -> entry.storedId.equals(storedId));
    }

    /** Forgets every verified key (a revocation may have been missed). */
    void evictAll() {
        evictions.incrementAndGet();
        verified.clear();
    }

    private record Verified(Caller caller, String storedId, long at) {
    }

    private record Refused(Rejection rejection, long at) {
    }
}
