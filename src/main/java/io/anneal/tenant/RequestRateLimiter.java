package io.anneal.tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One token bucket per key on this replica: {@code rate} tokens a second, holding at most a second's
 * worth (so a burst of that many is fine after a quiet second), one token per request.
 */
@Component
class RequestRateLimiter {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** 0 when the request may go ahead, else the whole seconds after which one token will be there. */
    long secondsToWait(String keyId, double rate) {
        return buckets.computeIfAbsent(keyId, id -> new Bucket()).take(rate, System.nanoTime());
    }

    private static final class Bucket {

        private double tokens = Double.NaN;
        private long at;

        synchronized long take(double rate, long now) {
            double capacity = Math.max(1, rate);
            tokens = Double.isNaN(tokens) ? capacity : Math.min(capacity, tokens + (now - at) / 1e9 * rate);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
