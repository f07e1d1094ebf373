package dev.sandesh.sender.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Grants send slots for one business phone number: a token bucket refilled continuously at the
 * number's rate, holding at most {@link #capacity()} slots ({@code max(1, rate × burst window)},
 * the window {@value #DEFAULT_BURST_WINDOW_MILLIS} ms unless configured). So in any window of
 * length {@code T}, at most {@code rate·T + capacity} slots are granted: at 1,000/s the bucket holds
 * twenty, at 200/s four, below 100/s one (at 80/s, Meta's default tier, sends are then evenly
 * spaced at {@code 1/rate}, never a burst).
 *
 * <p>Why a bucket rather than a strict grid: slots are released by a timer, and a timer fires late
 * (scheduling on a busy CPU, typically 0.1–1 ms; tens of milliseconds while a JVM compiles its hot
 * code or collects garbage on a loaded machine). On a strict {@code 1/rate} grid every late
 * wake-up beyond a small tolerance is lost time, and at 1,000/s (a 1 ms interval) the tolerance is
 * half a millisecond: the benchmark got 61 % of the limit. With a bucket, the slots that came due
 * during the lateness are still there at the wake-up and go out then, so lateness up to the window
 * costs nothing. Measured on JVMs just started (the send-rate benchmark's warm-up at 1,000/s): a
 * 10 ms window got 95.6–97.6 % of the rate, 20 ms 95.8–98.5 %, 50 ms 98.6–99.3 %; the default
 * stays at 20 ms because 50 ms would hold four slots at 80/s (Meta's default tier), whose sends
 * are evenly spaced with one; a sender whose numbers are all on the 1,000/s tier may set
 * {@code sandesh.sender.burst-window=50ms}. Where the bucket holds a single slot, a grant up to {@code min(interval/2, 2 ms)} after the bucket filled up keeps
 * the schedule instead (the next slot is due one interval after the missed one, not after the late
 * grant), so lateness costs nothing there either; that allows one slot more than {@code rate·T + 1}
 * in a window starting at a late grant.
 *
 * <p>The trade-off: a number idle (or late) for a window or more may send {@code capacity} messages
 * at once. Meta (and the simulator) meter throughput per number with their own bucket; a sender
 * that burst its whole second at once would rely on the two buckets being in phase and get 130429
 * when they are not. Twenty milliseconds' worth is a fiftieth of the meter's own burst (a second's
 * worth), so the two never need to be in phase; and a longer stall (a GC pause, a
 * {@link #pause(Duration) pause}) is not caught up beyond those {@code capacity} slots.
 *
 * <p>Slots are granted in real time ({@link #tryAcquire()} at the moment of sending), not reserved
 * ahead: reserved slots whose timers fire late would all go out together afterwards.
 *
 * <p>Adaptive (AIMD, CLOUD-API.md "throughput: halve the rate, recover gradually"): {@link #throttle()}
 * halves the current rate (at most once per second, so the 130429s of requests already in flight
 * count once), never below {@code max(1/s, rate/64)}, and empties the bucket; the rate then grows
 * back by {@code recoveryPerSecond} messages/s every second, up to the configured one. The bucket
 * refills and holds at the current rate. {@link #pause(Duration)} grants nothing until the pause is
 * over (131057, maintenance).
 *
 * <p>Implemented as its equivalent in whole nanoseconds (GCRA): instead of a token count, the time
 * at which the bucket is full again.
 *
 * <p><b>Leased share</b> (several sender pods on one number, see {@link RateShares}): the bucket paces
 * at this pod's share of the number's rate, {@link #grant granted} until a deadline; past it, or
 * with a share of zero, it grants nothing (a pod that cannot renew its lease stops sending before
 * the lease expires and its share goes to others). {@link #lowerShare} lowers it at once, before
 * the lowered lease is committed. A bucket never granted a share paces at the configured rate for
 * ever (one process alone, and the unit tests); {@link #withdrawShare} starts it with none.
 *
 * <p>Thread-safe; one instance per phone number is shared by every batch in flight (see {@link RateBucketsByNumber}).
 */
public final class NumberRateBucket {

    /** The bucket holds this much time's worth of slots (at least one), unless configured otherwise. */
    public static final long DEFAULT_BURST_WINDOW_MILLIS = 20;
    /** A grant at most this late (and at most half an interval) after the bucket filled up keeps the schedule. */
    private static final long MAX_LATE_TOLERANCE_NANOS = 2_000_000;
    private static final long THROTTLE_COOL_DOWN_NANOS = 1_000_000_000L;
    /** Without a share, when to look again (a new grant wakes the waiters itself: see {@code SendSlotQueue}). */
    static final Duration NO_SHARE_RECHECK = Duration.ofMillis(100);

    private final InstantSource clock;
    private final long burstWindowNanos;
    private final double maxRate;
    private final double minRate;
    private final double recoveryPerSecond;
    /** When the bucket is full again if nothing more is granted; {@code MIN_VALUE}: full (never used). */
    private long fullAtNanos = Long.MIN_VALUE;
    /** The rate set by the last throttle, and when; the current rate recovers linearly from there. */
    private double throttledRate;
    private long throttledAtNanos = Long.MIN_VALUE;
    private long pausedUntilNanos = Long.MIN_VALUE;
    /** This pod's share of the number's rate ({@code <= maxRate}), and until when it may use it. */
    private double share;
    private long shareUntilNanos = Long.MAX_VALUE;

    /**
     * @param ratePerSecond slots per second; {@code <= 0} means unlimited (every slot is granted at once)
     * @param clock         the time source (a fake one in tests)
     */
    public NumberRateBucket(double ratePerSecond, InstantSource clock) {
        this(ratePerSecond, ratePerSecond / 20, clock);
    }

    /**
     * @param recoveryPerSecond how many messages/s the rate regains per second after a throttle
     */
    public NumberRateBucket(double ratePerSecond, double recoveryPerSecond, InstantSource clock) {
        this(ratePerSecond, recoveryPerSecond, Duration.ofMillis(DEFAULT_BURST_WINDOW_MILLIS), clock);
    }

    /**
     * @param burstWindow the bucket holds this much time's worth of slots (at least one)
     */
    public NumberRateBucket(double ratePerSecond, double recoveryPerSecond, Duration burstWindow, InstantSource clock) {
        if (burstWindow.isNegative()) {
            throw new IllegalArgumentException("burst window must not be negative");
        }
        this.burstWindowNanos = burstWindow.toNanos();
        this.clock = clock;
        this.maxRate = Math.max(ratePerSecond, 0);
        this.minRate = Math.min(maxRate, Math.max(1, maxRate / 64));
        this.recoveryPerSecond = recoveryPerSecond > 0 ? recoveryPerSecond : Math.max(maxRate / 20, 0.1);
        this.share = maxRate;
    }

    /**
     * This pod's lease on the number's rate was renewed: pace at {@code share} (at most the
     * configured rate) until {@code until}, nothing after. A throttle since {@code decidedAt} (a
     * 130429 that came after the renewal read the number's rate) stays in force; an older one is
     * part of the shared rate the share was cut from, so it is dropped.
     */
    public void grant(double share, Instant decidedAt, Instant until) {
        if (unlimited()) {
            return;
        }
        synchronized (this) {
            this.share = Math.min(Math.max(share, 0), maxRate);
            this.shareUntilNanos = nanos(until);
            if (throttledAtNanos != Long.MIN_VALUE && throttledAtNanos < nanos(decidedAt)) {
                throttledAtNanos = Long.MIN_VALUE;
            }
        }
    }

    /** Lowers the share at once (never raises it), keeping its deadline: before a smaller lease is committed. */
    public synchronized void lowerShare(double share) {
        this.share = Math.min(this.share, Math.max(share, 0));
    }

    /** No share until the next {@link #grant}: a leased bucket starts so, and a released lease ends so. */
    public synchronized void withdrawShare() {
        share = 0;
        shareUntilNanos = Long.MIN_VALUE;
    }

    /** The share this bucket may use now: 0 when none was granted or its lease ran out. */
    public double share() {
        return unlimited() ? 0 : share(nanos(clock.instant()));
    }

    /** True when a share is granted and not yet past its deadline (always, for an unlimited number). */
    public boolean hasShare() {
        return unlimited() || share(nanos(clock.instant())) > 0;
    }

    private synchronized double share(long now) {
        return now < shareUntilNanos ? share : 0;
    }

    /** True when this pacer never makes anyone wait. */
    public boolean unlimited() {
        return maxRate == 0;
    }

    /** The spacing between two consecutive slots at the current rate ({@code NO_SHARE_RECHECK} without a share). */
    public Duration interval() {
        if (unlimited()) {
            return Duration.ZERO;
        }
        double rate = currentRate(nanos(clock.instant()));
        return rate > 0 ? Duration.ofNanos(intervalNanos(rate)) : NO_SHARE_RECHECK;
    }

    /** The configured (maximum) rate. */
    public double maxRate() {
        return maxRate;
    }

    /** The rate slots are granted at now: the configured one (or this pod's share), less after a throttle; 0 without a share. */
    public double currentRate() {
        return unlimited() ? 0 : currentRate(nanos(clock.instant()));
    }

    /** How many slots the bucket holds at the current rate: {@code max(1, rate × burst window)}; 0 when unlimited. */
    public int capacity() {
        return unlimited() ? 0 : capacity(currentRate(nanos(clock.instant())));
    }

    /**
     * Takes a slot if the bucket holds one.
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
            double rate = currentRate(now);
            if (rate <= 0) {
                return NO_SHARE_RECHECK; // no share (yet, or any more): nothing is granted
            }
            long interval = intervalNanos(rate);
            // The bucket holds at least one slot when it is full again within (capacity - 1) intervals.
            int capacity = capacity(rate);
            long slack = (capacity - 1L) * interval;
            if (fullAtNanos != Long.MIN_VALUE && now < fullAtNanos - slack) {
                return Duration.ofNanos(fullAtNanos - slack - now);
            }
            // Where the bucket holds one slot, a grant a little after it filled up (ordinary timer
            // lateness) keeps the schedule; a later one (an idle number, a pause) restarts it from
            // now, so nothing is caught up beyond the bucket. A larger bucket absorbs lateness itself.
            long lateTolerance = capacity == 1 ? Math.min(interval / 2, MAX_LATE_TOLERANCE_NANOS) : 0;
            boolean onSchedule = fullAtNanos != Long.MIN_VALUE && now - fullAtNanos <= lateTolerance;
            fullAtNanos = (onSchedule ? fullAtNanos : now) + interval;
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
            double rate = currentRate(now);
            if (rate <= 0) {
                return false;
            }
            throttledRate = Math.max(Math.min(share(now), minRate), rate / 2);
            throttledAtNanos = now;
            // Empty the bucket: the next slot is one interval of the new, wider spacing away.
            fullAtNanos = Math.max(fullAtNanos, now + capacity(throttledRate) * intervalNanos(throttledRate));
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
        double ceiling = share(now);
        if (throttledAtNanos == Long.MIN_VALUE || ceiling <= 0) {
            return ceiling;
        }
        // A share recovers in proportion: the number as a whole regains recoveryPerSecond.
        double seconds = (now - throttledAtNanos) / 1e9;
        return Math.min(ceiling, throttledRate + recoveryPerSecond * (ceiling / maxRate) * seconds);
    }

    private int capacity(double rate) {
        return (int) Math.max(1, Math.floor(rate * burstWindowNanos / 1e9));
    }

    private static long intervalNanos(double rate) {
        return (long) Math.ceil(1_000_000_000d / rate);
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
