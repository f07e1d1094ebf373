package dev.sandesh.sender.fake;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake Cloud API served by the test app does and what it saw. Recipients are scripted by
 * their number (digits, as Meta receives them); an unscripted number is accepted. Business numbers
 * can be given Meta's throughput limit (a token bucket answering 130429 when empty), a 130429
 * storm (the next n requests refused), or an outage (every request answered 503).
 */
@Singleton
public class FakeCloudApi {

    public static final String ACCESS_TOKEN = "sim-access-token";

    /** How the fake answers one recipient. */
    public sealed interface Script {
        /** 200 with a wamid. */
        record Accept() implements Script {}

        /** 200 with {@code message_status: held_for_quality_assessment} (template pacing, CLOUD-API-MORE §3.11). */
        record Held() implements Script {}

        /** The given HTTP status with Meta's error envelope carrying {@code code}. */
        record MetaError(int status, int code, String message) implements Script {}

        /** The given HTTP status with a body that is not Meta's (a proxy's error page). */
        record PlainError(int status) implements Script {}

        /** Answers with {@code first} the first {@code times} calls, then accepts. */
        record FailThenAccept(Script first, int times) implements Script {}

        /** Accepts, but only after {@code delay}: longer than the sender's timeout. */
        record Slow(Duration delay) implements Script {}
    }

    /** One request as the fake received it: {@code endpoint} is {@code messages} or {@code marketing_messages}. */
    public record Call(String phoneNumberId, String endpoint, String to, long atNanos, String authorization, JsonNode body) {}

    /** Meta's per-number throughput meter: refills at {@code rate}/s up to {@code capacity}. */
    static final class Bucket {
        private final double rate;
        private final double capacity;
        private double tokens;
        private long lastNanos = System.nanoTime();

        Bucket(double rate, double capacity) {
            this.rate = rate;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized boolean take(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * rate);
            lastNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsByRecipient = new ConcurrentHashMap<>();
    private final AtomicInteger wamids = new AtomicInteger();
    private final Map<String, Bucket> limits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> storms = new ConcurrentHashMap<>();
    private final Map<String, Boolean> outages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throughputRejections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

    public void script(String to, Script script) {
        scripts.put(to, script);
    }

    /** Meters the number like Meta: {@code rate}/s, with {@code burst} requests of slack. */
    public void limit(String phoneNumberId, double rate, double burst) {
        limits.put(phoneNumberId, new Bucket(rate, burst));
    }

    /** The next {@code requests} requests from the number are answered 130429. */
    public void storm(String phoneNumberId, int requests) {
        storms.put(phoneNumberId, new AtomicInteger(requests));
    }

    /** While on, every request from the number is answered 503 without Meta's body. */
    public void outage(String phoneNumberId, boolean on) {
        outages.put(phoneNumberId, on);
    }

    Script scriptFor(String to) {
        return scripts.getOrDefault(to, new Script.Accept());
    }

    /** What the number's meters say before the recipient's script is consulted; null: go on. */
    Script meter(String phoneNumberId, long atNanos) {
        if (outages.getOrDefault(phoneNumberId, false)) {
            return new Script.PlainError(503);
        }
        AtomicInteger storm = storms.get(phoneNumberId);
        Bucket bucket = limits.get(phoneNumberId);
        boolean overLimit = bucket != null && !bucket.take(atNanos);
        if ((storm != null && storm.getAndDecrement() > 0) || overLimit) {
            throughputRejections.computeIfAbsent(phoneNumberId, k -> new AtomicInteger()).incrementAndGet();
            return new Script.MetaError(400, 130429, "(#130429) Rate limit hit");
        }
        return null;
    }

    int record(Call call) {
        calls.add(call);
        return callsByRecipient.computeIfAbsent(call.phoneNumberId() + "/" + call.to(), k -> new AtomicInteger()).incrementAndGet();
    }

    String nextWamid(String phoneNumberId, String to) {
        accepted.computeIfAbsent(phoneNumberId, k -> new AtomicInteger()).incrementAndGet();
        return "wamid.FAKE" + to + "." + wamids.incrementAndGet();
    }

    public List<Call> calls(String phoneNumberId) {
        return calls.stream().filter(c -> c.phoneNumberId().equals(phoneNumberId)).toList();
    }

    public int callsTo(String phoneNumberId, String to) {
        AtomicInteger n = callsByRecipient.get(phoneNumberId + "/" + to);
        return n == null ? 0 : n.get();
    }

    /** 130429 answers the number got (storms and the meter). */
    public int throughputRejections(String phoneNumberId) {
        AtomicInteger n = throughputRejections.get(phoneNumberId);
        return n == null ? 0 : n.get();
    }

    public int accepted(String phoneNumberId) {
        AtomicInteger n = accepted.get(phoneNumberId);
        return n == null ? 0 : n.get();
    }
}
