package dev.sandesh.simulator.domain;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket of {@code ratePerSecond} tokens per second holding at most {@code burst} tokens,
 * implemented as the generic cell rate algorithm: one {@link AtomicLong} holds the "theoretical
 * arrival time" of the next conforming request, so taking a token is one CAS and no lock. A full
 * bucket lets {@code burst} requests through at once, then one every {@code 1/rate} seconds.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong theoreticalArrival;

    /**
     * @param ratePerSecond tokens added per second, &gt; 0
     * @param burst         capacity in tokens; values below 1 are treated as 1
     * @param nanoClock     a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive finite number, was " + ratePerSecond);
        }
        this.intervalNanos = Math.max(1L, Math.round(NANOS_PER_SECOND / ratePerSecond));
        this.toleranceNanos = Math.round(Math.max(1.0, burst) * intervalNanos);
        this.nanoClock = nanoClock;
        // Starts full: the first `burst` requests conform immediately.
        this.theoreticalArrival = new AtomicLong(nanoClock.getAsLong());
    }

    /** True if the bucket has refilled completely, so forgetting it changes nothing. */
    public boolean full() {
        return theoreticalArrival.get() - nanoClock.getAsLong() <= 0;
    }

    /** Takes one token if there is one; never blocks. */
    public boolean tryAcquire() {
        long now = nanoClock.getAsLong();
        while (true) {
            long tat = theoreticalArrival.get();
            long next = Math.max(tat - now, 0L) + now + intervalNanos;
            if (next - now > toleranceNanos) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }
}
