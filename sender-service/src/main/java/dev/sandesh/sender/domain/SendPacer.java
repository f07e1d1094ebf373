package dev.sandesh.sender.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Grants send slots for one business phone number, evenly spaced at {@code 1/rate}: never a burst,
 * and never more than {@code rate} grants in a second when grants happen when due.
 *
 * <p>Why evenly spaced rather than a bucket with capacity: Meta (and the simulator) meter
 * throughput per number with their own bucket; a sender that bursts its whole second at once
 * relies on the two buckets being in phase and gets 130429 when they are not.
 *
 * <p>Slots are granted in real time ({@link #tryAcquire()} at the moment of sending), not reserved
 * ahead: reserved slots whose timers fire late (a GC pause, a busy CPU) would all go out together
 * afterwards. A grant that comes a little late (at most {@code min(interval/2, 2 ms)}, ordinary
 * timer lateness) keeps the grid, so timer lateness does not cost throughput; a later one (an idle
 * number, a pause) restarts the grid from now, so nothing is caught up in a burst.
 *
 * <p>Thread-safe; one instance per phone number is shared by every batch in flight (see {@link SendPacers}).
 */
public final class SendPacer {

    private static final long MAX_LATE_TOLERANCE_NANOS = 2_000_000;

    private final InstantSource clock;
    private final long intervalNanos;
    private final long lateToleranceNanos;
    private long nextSlotNanos = Long.MIN_VALUE;

    /**
     * @param ratePerSecond slots per second; {@code <= 0} means unlimited (every slot is granted at once)
     * @param clock         the time source (a fake one in tests)
     */
    public SendPacer(double ratePerSecond, InstantSource clock) {
        this.clock = clock;
        this.intervalNanos = ratePerSecond > 0 ? (long) Math.ceil(1_000_000_000d / ratePerSecond) : 0;
        this.lateToleranceNanos = Math.min(intervalNanos / 2, MAX_LATE_TOLERANCE_NANOS);
    }

    /** True when this pacer never makes anyone wait. */
    public boolean unlimited() {
        return intervalNanos == 0;
    }

    /** The spacing between two consecutive slots. */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /**
     * Takes the slot if it is due.
     *
     * @return {@link Duration#ZERO} when the caller may send now (the slot is taken); otherwise how
     *         long until the next slot is due (nothing is taken: ask again then)
     */
    public Duration tryAcquire() {
        if (unlimited()) {
            return Duration.ZERO;
        }
        long now = nanos(clock.instant());
        synchronized (this) {
            if (nextSlotNanos != Long.MIN_VALUE && now < nextSlotNanos) {
                return Duration.ofNanos(nextSlotNanos - now);
            }
            boolean onGrid = nextSlotNanos != Long.MIN_VALUE && now - nextSlotNanos <= lateToleranceNanos;
            nextSlotNanos = (onGrid ? nextSlotNanos : now) + intervalNanos;
            return Duration.ZERO;
        }
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
