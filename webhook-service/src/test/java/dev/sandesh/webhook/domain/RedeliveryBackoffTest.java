package dev.sandesh.webhook.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedeliveryBackoffTest {

    private static final Instant RECORDED = Instant.parse("2026-10-20T06:00:00Z");
    private final RedeliveryBackoff backoff = new RedeliveryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10), 0.2, Duration.ofHours(48));

    @Test
    void delaysDoubleFromTheInitialUpToTheMaximum() {
        assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delay(8, 0.5)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delay(1_000, 0.5)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void jitterSpreadsEachDelayByAtMostItsFraction() {
        assertThat(backoff.delay(2, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(2, 0.999_999)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
    }

    @Test
    void retriesUntilRetryForHasPassedSinceTheEventWasRecordedThenAbandons() {
        Instant now = RECORDED.plus(Duration.ofHours(47));
        assertThat(backoff.after(300, RECORDED, now, 0.5)).isEqualTo(new RedeliveryBackoff.RetryAt(now.plus(Duration.ofMinutes(10))));
        assertThat(backoff.after(301, RECORDED, RECORDED.plus(Duration.ofHours(48)), 0.5)).isInstanceOf(RedeliveryBackoff.Abandon.class);
    }

    @Test
    void aMaximumBelowTheInitialDelayIsRefused() {
        assertThatThrownBy(() -> new RedeliveryBackoff(Duration.ofMinutes(1), Duration.ofSeconds(1), 0.2, Duration.ofHours(24)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
