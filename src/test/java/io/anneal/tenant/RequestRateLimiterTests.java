package io.anneal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestRateLimiterTests {

    private final RequestRateLimiter limiter = new RequestRateLimiter();

    @Test
    void aKeyMaySendASecondsWorthAtOnceThenWaits() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.secondsToWait("k", 5)).isZero();
        }
        assertThat(limiter.secondsToWait("k", 5)).isEqualTo(1);
        assertThat(limiter.secondsToWait("other", 5)).as("every key has its own bucket").isZero();
    }

    @Test
    void aSlowRateNamesTheWholeSecondsToWait() {
        assertThat(limiter.secondsToWait("slow", 0.1)).isZero();
        assertThat(limiter.secondsToWait("slow", 0.1)).isBetween(9L, 10L);
    }
}
