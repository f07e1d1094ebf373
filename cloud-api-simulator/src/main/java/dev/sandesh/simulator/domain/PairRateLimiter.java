package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Meta's pair rate limit (CLOUD-API.md "Limits"): one message per 6 s from a business number to
 * the same user, with bursts of up to 45 borrowed from later; above it Meta answers 131056. One
 * {@link TokenBucket} per (phone number id, wa_id); buckets that have refilled are forgotten by
 * {@link #sweep()}, so memory follows the recipients of the last few minutes only.
 */
public final class PairRateLimiter {

    /** @param interval one message per this interval, sustained; @param burst bucket capacity */
    public record Settings(boolean enabled, Duration interval, int burst) {
        public static final Settings META = new Settings(true, Duration.ofSeconds(6), 45);

        public Settings {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("pair-rate interval must be > 0");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("pair-rate burst must be >= 1");
            }
        }
    }

    private record State(Settings settings, ConcurrentMap<String, TokenBucket> buckets) { }

    private final LongSupplier nanoClock;
    private volatile State state;

    public PairRateLimiter(Settings settings, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.state = new State(settings, new ConcurrentHashMap<>());
    }

    public Settings settings() {
        return state.settings();
    }

    /** New settings start from full buckets. */
    public void change(Settings settings) {
        state = new State(settings, new ConcurrentHashMap<>());
    }

    public void refill() {
        state = new State(state.settings(), new ConcurrentHashMap<>());
    }

    /** True if one more message from {@code phoneNumberId} to {@code waId} conforms now (and counts it). */
    public boolean tryAcquire(String phoneNumberId, String waId) {
        State current = state;
        if (!current.settings().enabled()) {
            return true;
        }
        String key = phoneNumberId + ':' + waId;
        TokenBucket bucket = current.buckets().get(key);
        if (bucket == null) {
            double perSecond = 1e9 / current.settings().interval().toNanos();
            bucket = current.buckets().computeIfAbsent(key,
                    k -> new TokenBucket(perSecond, current.settings().burst(), nanoClock));
        }
        return bucket.tryAcquire();
    }

    /** Forgets pairs whose bucket is full again; returns how many pairs are still tracked. */
    public int sweep() {
        ConcurrentMap<String, TokenBucket> buckets = state.buckets();
        buckets.values().removeIf(TokenBucket::full);
        return buckets.size();
    }
}
