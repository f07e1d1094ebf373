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
 * <p>With {@code replicas} senders consuming the same queue, each one paces at {@code rate / replicas},
 * so that together they never exceed the number's rate (see REFERENCE.md, "Several replicas").
 */
public final class RateBucketsByNumber {

    private final double ratePerSecond;
    private final Map<String, Double> ratesByNumber;
    private final int replicas;
    private final double recoveryFraction;
    private final Duration burstWindow;
    private final InstantSource clock;
    private final ConcurrentMap<String, NumberRateBucket> byPhoneNumberId = new ConcurrentHashMap<>();

    public RateBucketsByNumber(double ratePerSecond, InstantSource clock) {
        this(ratePerSecond, Map.of(), 1, 0.05, Duration.ofMillis(NumberRateBucket.DEFAULT_BURST_WINDOW_MILLIS), clock);
    }

    /**
     * @param ratePerSecond    the default rate of a number
     * @param ratesByNumber    rates of numbers whose tier differs from the default
     * @param replicas         sender replicas sharing each number
     * @param recoveryFraction share of a number's rate regained per second after a throttle
     * @param burstWindow      how much time's worth of slots each number's bucket holds (see {@link NumberRateBucket})
     */
    public RateBucketsByNumber(double ratePerSecond, Map<String, Double> ratesByNumber, int replicas, double recoveryFraction,
                      Duration burstWindow, InstantSource clock) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.ratesByNumber = Map.copyOf(ratesByNumber);
        this.replicas = replicas;
        this.recoveryFraction = recoveryFraction;
        this.burstWindow = burstWindow;
        this.clock = clock;
    }

    public NumberRateBucket forNumber(String phoneNumberId) {
        return byPhoneNumberId.computeIfAbsent(phoneNumberId, id -> {
            double rate = ratesByNumber.getOrDefault(id, ratePerSecond) / replicas;
            return new NumberRateBucket(rate, rate * recoveryFraction, burstWindow, clock);
        });
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }
}
