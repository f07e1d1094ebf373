package dev.sandesh.simulator.domain;

import java.time.Duration;

/**
 * When to retry a webhook POST that was not answered 200. Meta retries "with decreasing frequency"
 * for up to 7 days; the simulator compresses that into an exponential backoff (initial delay
 * doubling, capped) over a bounded number of attempts, so tests and benchmarks see retries quickly.
 */
public record RetryBackoff(Duration initial, Duration max, int maxAttempts) {

    public RetryBackoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** True if a POST that has failed {@code attemptsMade} times may be tried again. */
    public boolean mayRetry(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** Delay before attempt {@code attemptsMade + 1}: initial × 2^(attemptsMade-1), at most {@code max}. */
    public Duration delayAfter(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        long millis = initial.toMillis() << doublings;
        if (millis < 0 || millis > max.toMillis()) {
            return max;
        }
        return Duration.ofMillis(millis);
    }
}
