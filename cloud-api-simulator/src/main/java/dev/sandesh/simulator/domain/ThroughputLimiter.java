package dev.sandesh.simulator.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Meta's per-business-number throughput limit (80 messages/s by default, 1,000/s for high-volume
 * numbers; CLOUD-API.md "Limits"): one {@link TokenBucket} per phone number id, with a default
 * limit and per-number overrides. Changing any limit replaces every bucket, so a new rate takes
 * effect at once and starts from a full bucket.
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

    private record State(Limits defaults, Map<String, Limits> overrides, ConcurrentMap<String, TokenBucket> buckets) { }

    private final LongSupplier nanoClock;
    private volatile State state;

    public ThroughputLimiter(Limits limits, LongSupplier nanoClock) {
        this(limits, Map.of(), nanoClock);
    }

    public ThroughputLimiter(Limits defaults, Map<String, Limits> overrides, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.state = new State(defaults, Map.copyOf(overrides), new ConcurrentHashMap<>());
    }

    /** The default limits, for numbers without their own. */
    public Limits limits() {
        return state.defaults();
    }

    /** The limits {@code phoneNumberId} gets. */
    public Limits limitsOf(String phoneNumberId) {
        State current = state;
        return current.overrides().getOrDefault(phoneNumberId, current.defaults());
    }

    public Map<String, Limits> overrides() {
        return state.overrides();
    }

    /** Changes the default limits; per-number overrides stay. */
    public synchronized void change(Limits limits) {
        state = new State(limits, state.overrides(), new ConcurrentHashMap<>());
    }

    /** Gives {@code phoneNumberId} its own limits, or (null) makes it use the defaults again. */
    public synchronized void changeNumber(String phoneNumberId, Limits limitsOrNull) {
        Map<String, Limits> overrides = new ConcurrentHashMap<>(state.overrides());
        if (limitsOrNull == null) {
            overrides.remove(phoneNumberId);
        } else {
            overrides.put(phoneNumberId, limitsOrNull);
        }
        state = new State(state.defaults(), Map.copyOf(overrides), new ConcurrentHashMap<>());
    }

    /** Refills every bucket (the audit reset). */
    public synchronized void refill() {
        state = new State(state.defaults(), state.overrides(), new ConcurrentHashMap<>());
    }

    /** True if {@code phoneNumberId} may send one more message now (and counts it). */
    public boolean tryAcquire(String phoneNumberId) {
        State current = state;
        Limits limits = current.overrides().isEmpty() ? current.defaults()
                : current.overrides().getOrDefault(phoneNumberId, current.defaults());
        if (limits.unlimited()) {
            return true;
        }
        TokenBucket bucket = current.buckets().get(phoneNumberId);
        if (bucket == null) {
            bucket = current.buckets().computeIfAbsent(phoneNumberId,
                    id -> new TokenBucket(limits.rate(), limits.burst(), nanoClock));
        }
        return bucket.tryAcquire();
    }
}
