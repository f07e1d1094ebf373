package dev.sandesh.contracts;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter for a consumer waiting out an outage
 * ({@link ConsumerFailures.Kind#TRANSIENT}): attempt 1 waits {@code initial}, each next one twice
 * as long, never more than {@code max}; each wait is drawn from [50 %, 100 %] of that, so that the
 * consumers of several replicas do not retry in step.
 *
 * @param initial the first wait (> 0)
 * @param max     the longest wait (≥ initial)
 */
public record RetryBackoff(Duration initial, Duration max) {

    public RetryBackoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
        }
    }

    /** The wait before attempt {@code attempt + 1} without jitter: {@code min(max, initial × 2^(attempt-1))}. */
    public Duration ceiling(int attempt) {
        if (attempt <= 1) {
            return initial;
        }
        int doublings = Math.min(attempt - 1, 62);
        long nanos = initial.toNanos();
        long capped = max.toNanos();
        long wait = doublings >= Long.numberOfLeadingZeros(nanos) - 1 ? capped : Math.min(capped, nanos << doublings);
        return Duration.ofNanos(wait);
    }

    /**
     * @param attempt how many attempts have failed so far (1 after the first)
     * @param random  a value in [0, 1): the jitter (inject a fixed one in tests)
     */
    public Duration after(int attempt, DoubleSupplier random) {
        Duration ceiling = ceiling(attempt);
        long nanos = ceiling.toNanos();
        long jittered = nanos / 2 + (long) (nanos / 2.0 * Math.min(Math.max(random.getAsDouble(), 0.0), 1.0));
        return Duration.ofNanos(Math.max(1_000_000L, jittered));
    }
}
