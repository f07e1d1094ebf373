package dev.sandesh.webhook.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an undelivered storefront event is tried again: {@code initial} after the first failed
 * attempt, doubling up to {@code max}, each delay spread by up to ±{@code jitter} (so events that
 * failed together do not all come back together), until {@code retryFor} has passed since the
 * event was recorded — then it is abandoned.
 *
 * @param jitter fraction of the delay, 0 to 1
 */
public record RedeliveryBackoff(Duration initial, Duration max, double jitter, Duration retryFor) {

    public RedeliveryBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(retryFor, "retryFor");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + ", " + max);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1], was " + jitter);
        }
    }

    /** What to do after a failed attempt. */
    public sealed interface Next permits RetryAt, Abandon {
    }

    public record RetryAt(Instant at) implements Next {
    }

    public record Abandon() implements Next {
    }

    /**
     * @param attempts   attempts made so far, the failed one included (≥ 1)
     * @param recordedAt when the event was recorded
     * @param random     a uniform draw in [0, 1): the jitter's
     */
    public Next after(int attempts, Instant recordedAt, Instant now, double random) {
        if (!now.isBefore(recordedAt.plus(retryFor))) {
            return new Abandon();
        }
        return new RetryAt(now.plus(delay(attempts, random)));
    }

    /** The delay after {@code attempts} failed attempts. */
    public Duration delay(int attempts, double random) {
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        long base = initial.toMillis();
        long cap = max.toMillis();
        long millis = doublings >= 62 || base > (cap >> Math.min(doublings, 62)) ? cap : Math.min(cap, base << doublings);
        double spread = 1 + jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(millis * spread)));
    }
}
