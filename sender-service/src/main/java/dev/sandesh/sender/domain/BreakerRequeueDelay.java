package dev.sandesh.sender.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the remainder of a batch that an open circuit breaker kept back waits before it is
 * re-published: {@code first × 2^requeues}, at most {@code max}. Doubling, so that a long outage
 * does not cycle the same recipients through the queue every few seconds; capped, so that the
 * remainder goes out soon after the Cloud API is healthy again.
 *
 * @param first the wait before the first re-queue ({@code sandesh.sender.breaker-requeue-delay})
 * @param max   the longest wait ({@code sandesh.sender.breaker-requeue-max-delay})
 */
public record BreakerRequeueDelay(Duration first, Duration max) {

    /** Beyond 2^10 the doubling is past any sensible cap; stops the shift from overflowing. */
    private static final int MAX_DOUBLINGS = 10;

    public BreakerRequeueDelay {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= max, got " + first + " and " + max);
        }
    }

    /** @param requeuesSoFar how many times this remainder was already re-queued (0 the first time) */
    public Duration before(int requeuesSoFar) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(requeuesSoFar, 0), MAX_DOUBLINGS));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
