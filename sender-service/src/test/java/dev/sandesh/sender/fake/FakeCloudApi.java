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
 * their number (digits, as Meta receives them); an unscripted number is accepted.
 */
@Singleton
public class FakeCloudApi {

    public static final String ACCESS_TOKEN = "sim-access-token";

    /** How the fake answers one recipient. */
    public sealed interface Script {
        /** 200 with a wamid. */
        record Accept() implements Script {}

        /** The given HTTP status with Meta's error envelope carrying {@code code}. */
        record MetaError(int status, int code, String message) implements Script {}

        /** The given HTTP status with a body that is not Meta's (a proxy's error page). */
        record PlainError(int status) implements Script {}

        /** Answers with {@code first} the first {@code times} calls, then accepts. */
        record FailThenAccept(Script first, int times) implements Script {}

        /** Accepts, but only after {@code delay}: longer than the sender's timeout. */
        record Slow(Duration delay) implements Script {}
    }

    /** One request as the fake received it. */
    public record Call(String phoneNumberId, String to, long atNanos, String authorization, JsonNode body) {}

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> callsByRecipient = new ConcurrentHashMap<>();
    private final AtomicInteger wamids = new AtomicInteger();

    public void script(String to, Script script) {
        scripts.put(to, script);
    }

    Script scriptFor(String to) {
        return scripts.getOrDefault(to, new Script.Accept());
    }

    int record(Call call) {
        calls.add(call);
        return callsByRecipient.computeIfAbsent(call.phoneNumberId() + "/" + call.to(), k -> new AtomicInteger()).incrementAndGet();
    }

    String nextWamid(String to) {
        return "wamid.FAKE" + to + "." + wamids.incrementAndGet();
    }

    public List<Call> calls(String phoneNumberId) {
        return calls.stream().filter(c -> c.phoneNumberId().equals(phoneNumberId)).toList();
    }

    public int callsTo(String phoneNumberId, String to) {
        AtomicInteger n = callsByRecipient.get(phoneNumberId + "/" + to);
        return n == null ? 0 : n.get();
    }
}
