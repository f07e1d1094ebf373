package dev.sandesh.sender.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A business number's rate as every sender pod sees it (row {@code sender.number_rate}): the
 * configured ceiling and, after a 130429, the halved rate and when it was halved. The rate then
 * recovers additively (AIMD, CLOUD-API.md "throughput: halve the rate, recover gradually") for the
 * number as a whole: one pod's 130429 lowers what all pods share.
 *
 * @param maxRate       messages/s Meta allows the number (the configured tier)
 * @param throttledRate the rate the last throttle set
 * @param throttledAt   when; {@code null}: never throttled
 */
public record NumberRate(double maxRate, double throttledRate, Instant throttledAt) {

    /** Throttles within this time count once: the 130429s of requests already in flight. */
    static final Duration THROTTLE_COOL_DOWN = Duration.ofSeconds(1);

    public static NumberRate unthrottled(double maxRate) {
        return new NumberRate(maxRate, maxRate, null);
    }

    /** The same number at another configured ceiling (the throttle stands). */
    public NumberRate withMaxRate(double rate) {
        return new NumberRate(rate, Math.min(throttledRate, rate), throttledAt);
    }

    /**
     * @param recoveryFraction share of {@link #maxRate()} regained per second after a throttle
     */
    public double current(Instant now, double recoveryFraction) {
        if (throttledAt == null) {
            return maxRate;
        }
        double seconds = Math.max(0, Duration.between(throttledAt, now).toNanos() / 1e9);
        return Math.min(maxRate, throttledRate + recoveryFraction * maxRate * seconds);
    }

    /**
     * Meta answered 130429: half the current rate, never below {@code max(1/s, maxRate/64)}.
     *
     * @return empty when a throttle less than a second ago already halved it
     */
    public Optional<NumberRate> throttled(Instant now, double recoveryFraction) {
        if (throttledAt != null && now.isBefore(throttledAt.plus(THROTTLE_COOL_DOWN))) {
            return Optional.empty();
        }
        double floor = Math.min(maxRate, Math.max(1, maxRate / 64));
        return Optional.of(new NumberRate(maxRate, Math.max(floor, current(now, recoveryFraction) / 2), now));
    }
}
