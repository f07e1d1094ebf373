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
 * <p>Adaptive (AIMD, CLOUD-API.md "throughput: halve the rate, recover gradually"): {@link #throttle()}
 * halves the current rate (at most once per second, so the 130429s of requests already in flight
 * count once), never below {@code max(1/s, rate/64)}; the rate then grows back by
 * {@code recoveryPerSecond} messages/s every second, up to the configured one. {@link #pause(Duration)}
 * grants nothing until the pause is over (131057, maintenance).
 *
 * <p>Thread-safe; one instance per phone number is shared by every batch in flight (see {@link SendPacers}).
 */
public final class SendPacer {

    private static final long MAX_LATE_TOLERANCE_NANOS = 2_000_000;
    private static final long THROTTLE_COOL_DOWN_NANOS = 1_000_000_000L;

    private final InstantSource clock;
    private final double maxRate;
    private final double minRate;
    private final double recoveryPerSecond;
    private long nextSlotNanos = Long.MIN_VALUE;
    /** The rate set by the last throttle, and when; the current rate recovers linearly from there. */
    private double throttledRate;
    private long throttledAtNanos = Long.MIN_VALUE;
    private long pausedUntilNanos = Long.MIN_VALUE;

    /**
     * @param ratePerSecond slots per second; {@code <= 0} means unlimited (every slot is granted at once)
     * @param clock         the time source (a fake one in tests)
     */
    public SendPacer(double ratePerSecond, InstantSource clock) {
        this(ratePerSecond, ratePerSecond / 20, clock);
    }

    /**
     * @param recoveryPerSecond how many messages/s the rate regains per second after a throttle
     */
    public SendPacer(double ratePerSecond, double recoveryPerSecond, InstantSource clock) {
        this.clock = clock;
        this.maxRate = Math.max(ratePerSecond, 0);
        this.minRate = Math.min(maxRate, Math.max(1, maxRate / 64));
        this.recoveryPerSecond = recoveryPerSecond > 0 ? recoveryPerSecond : Math.max(maxRate / 20, 0.1);
    }

    /** True when this pacer never makes anyone wait. */
    public boolean unlimited() {
        return maxRate == 0;
    }

    /** The spacing between two consecutive slots at the current rate. */
    public Duration interval() {
        return unlimited() ? Duration.ZERO : Duration.ofNanos(intervalNanos(currentRate(nanos(clock.instant()))));
    }

    /** The configured (maximum) rate. */
    public double maxRate() {
        return maxRate;
    }

    /** The rate slots are granted at now: the configured one, or less after a throttle. */
    public double currentRate() {
        return unlimited() ? 0 : currentRate(nanos(clock.instant()));
    }

    /**
     * Takes the slot if it is due.
     *
     * @return {@link Duration#ZERO} when the caller may send now (the slot is taken); otherwise how
     *         long until the next slot is due (nothing is taken: ask again then)
     */
    public Duration tryAcquire() {
        long now = nanos(clock.instant());
        synchronized (this) {
            if (pausedUntilNanos != Long.MIN_VALUE && now < pausedUntilNanos) {
                return Duration.ofNanos(pausedUntilNanos - now);
            }
            if (unlimited()) {
                return Duration.ZERO;
            }
            if (nextSlotNanos != Long.MIN_VALUE && now < nextSlotNanos) {
                return Duration.ofNanos(nextSlotNanos - now);
            }
            long interval = intervalNanos(currentRate(now));
            long lateTolerance = Math.min(interval / 2, MAX_LATE_TOLERANCE_NANOS);
            boolean onGrid = nextSlotNanos != Long.MIN_VALUE && now - nextSlotNanos <= lateTolerance;
            nextSlotNanos = (onGrid ? nextSlotNanos : now) + interval;
            return Duration.ZERO;
        }
    }

    /**
     * Meta said the number's throughput was exceeded: halve the current rate.
     *
     * @return true when the rate was lowered, false when a throttle less than a second ago already did
     */
    public boolean throttle() {
        if (unlimited()) {
            return false;
        }
        long now = nanos(clock.instant());
        synchronized (this) {
            if (throttledAtNanos != Long.MIN_VALUE && now - throttledAtNanos < THROTTLE_COOL_DOWN_NANOS) {
                return false;
            }
            throttledRate = Math.max(minRate, currentRate(now) / 2);
            throttledAtNanos = now;
            // The next slot follows the new, wider spacing.
            if (nextSlotNanos != Long.MIN_VALUE) {
                nextSlotNanos = Math.max(nextSlotNanos, now + intervalNanos(throttledRate));
            }
            return true;
        }
    }

    /** Grants nothing for {@code duration} (maintenance, 131057); later pauses extend, never shorten. */
    public void pause(Duration duration) {
        long until = nanos(clock.instant()) + duration.toNanos();
        synchronized (this) {
            pausedUntilNanos = Math.max(pausedUntilNanos, until);
        }
    }

    private synchronized double currentRate(long now) {
        if (throttledAtNanos == Long.MIN_VALUE) {
            return maxRate;
        }
        double seconds = (now - throttledAtNanos) / 1e9;
        return Math.min(maxRate, throttledRate + recoveryPerSecond * seconds);
    }

    private static long intervalNanos(double rate) {
        return (long) Math.ceil(1_000_000_000d / rate);
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
