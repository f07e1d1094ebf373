package dev.sandesh.sender.domain;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link NumberRateBucket} per business phone number, shared by every batch being sent: Meta's
 * throughput limit is per number, not per batch, so two batches for the same number share slots.
 *
 * <p>Several sender pods share a number's rate through leases ({@link RateShares}): then each
 * bucket starts with no share and paces at what this pod's lease grants ({@code leased}).
 * Without leases (one process alone, unit tests) each bucket paces at the configured rate.
 */
public final class RateBucketsByNumber {

    private final double ratePerSecond;
    private final Map<String, Double> ratesByNumber;
    private final double recoveryFraction;
    private final Duration burstWindow;
    private final boolean leased;
    private final InstantSource clock;
    private final ConcurrentMap<String, NumberRateBucket> byPhoneNumberId = new ConcurrentHashMap<>();

    public RateBucketsByNumber(double ratePerSecond, InstantSource clock) {
        this(ratePerSecond, Map.of(), 0.05, Duration.ofMillis(NumberRateBucket.DEFAULT_BURST_WINDOW_MILLIS), false, clock);
    }

    /**
     * @param ratePerSecond    the default rate of a number
     * @param ratesByNumber    rates of numbers whose tier differs from the default
     * @param recoveryFraction share of a number's rate regained per second after a throttle
     * @param burstWindow      how much time's worth of slots each number's bucket holds (see {@link NumberRateBucket})
     * @param leased           buckets start with no share and pace at the share their lease grants
     */
    public RateBucketsByNumber(double ratePerSecond, Map<String, Double> ratesByNumber, double recoveryFraction,
                               Duration burstWindow, boolean leased, InstantSource clock) {
        this.ratePerSecond = ratePerSecond;
        this.ratesByNumber = Map.copyOf(ratesByNumber);
        this.recoveryFraction = recoveryFraction;
        this.burstWindow = burstWindow;
        this.leased = leased;
        this.clock = clock;
    }

    public NumberRateBucket forNumber(String phoneNumberId) {
        return byPhoneNumberId.computeIfAbsent(phoneNumberId, id -> {
            double rate = rateOf(id);
            var bucket = new NumberRateBucket(rate, rate * recoveryFraction, burstWindow, clock);
            if (leased) {
                bucket.withdrawShare();
            }
            return bucket;
        });
    }

    /** The configured rate of a number (its tier): the ceiling its pods share; {@code <= 0} unlimited. */
    public double rateOf(String phoneNumberId) {
        return ratesByNumber.getOrDefault(phoneNumberId, ratePerSecond);
    }

    /** True when the buckets pace at leased shares. */
    public boolean leased() {
        return leased;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }
}
