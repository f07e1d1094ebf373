package dev.sandesh.simulator.domain;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Meta's per-business-number throughput limit (80 messages/s by default, CLOUD-API.md "Limits"):
 * one {@link TokenBucket} per phone number id. Changing the limits replaces every bucket, so a
 * new rate takes effect at once and starts from a full bucket.
 */
public final class ThroughputLimiter {

    /** {@code rate <= 0} means unlimited; {@code burst} is the bucket capacity in messages. */
    public record Limits(double rate, double burst) {
        public static Limits of(double rate, Double burstOrNull) {
            return new Limits(rate, burstOrNull == null ? Math.max(1.0, rate) : burstOrNull);
        }

        public boolean unlimited() {
            return !(rate > 0);
        }
    }

    private record State(Limits limits, ConcurrentMap<String, TokenBucket> buckets) { }

    private final LongSupplier nanoClock;
    private volatile State state;

    public ThroughputLimiter(Limits limits, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.state = new State(limits, new ConcurrentHashMap<>());
    }

    public Limits limits() {
        return state.limits();
    }

    public void change(Limits limits) {
        state = new State(limits, new ConcurrentHashMap<>());
    }

    /** True if {@code phoneNumberId} may send one more message now (and counts it). */
    public boolean tryAcquire(String phoneNumberId) {
        State current = state;
        if (current.limits().unlimited()) {
            return true;
        }
        TokenBucket bucket = current.buckets().get(phoneNumberId);
        if (bucket == null) {
            bucket = current.buckets().computeIfAbsent(phoneNumberId,
                    id -> new TokenBucket(current.limits().rate(), current.limits().burst(), nanoClock));
        }
        return bucket.tryAcquire();
    }
}
