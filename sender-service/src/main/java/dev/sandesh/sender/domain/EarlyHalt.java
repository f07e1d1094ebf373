package dev.sandesh.sender.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Halts a campaign whose first {@code sends} sends all failed with the same request-class error —
 * 100, 131008, 131009, 132000, 132012, 132018 or a code this build does not know (a wrong API version,
 * a malformed body; CLOUD-API-MORE §1.2, §1.8, §4.4) — instead of letting it burn its whole audience on
 * a bug that is the same for every recipient.
 *
 * <p>While a campaign is undecided, at most {@code sends} of its requests are let through
 * ({@link #admit}); later recipients wait for the decision, so no more than {@code sends} recipients
 * are spent on a broken campaign however many are in flight. The first success, a timeout, or any
 * other error disarms it for good: the waiting recipients go on. A recipient admitted but never sent
 * (paused, breaker open, a local failure) gives its place to a waiting one.
 *
 * <p>Per replica, counting since the process started. Thread-safe (one lock: a few map operations per
 * send). Bounded memory: an undecided campaign is watched until it is decided (then only its id and
 * verdict are kept, for {@value #MAX_DECIDED} campaigns, oldest forgotten first); at most
 * {@value #MAX_WATCHED} campaigns are watched at once, the oldest being disarmed to make room.
 */
public final class EarlyHalt {

    static final int MAX_WATCHED = 10_000;
    static final int MAX_DECIDED = 50_000;

    /** The codes that mean the request itself is wrong, the same for every recipient (plus any unrecognised code). */
    static final Set<Integer> REQUEST_CLASS = Set.of(100, 131008, 131009, 132000, 132012, 132018);

    /** What a recipient is to do. */
    public sealed interface Admission {
        /** Send it (the campaign is armed with room, disarmed, or not watched). */
        record Send() implements Admission {}

        /** The campaign was halted early: record the recipient HALTED with {@code reason}. */
        record Halted(String reason) implements Admission {}
    }

    /** How an admitted recipient's send ended. */
    public sealed interface Sent {
        record Accepted() implements Sent {}

        /** Meta refused it (after every retry) with {@code error}. */
        record Refused(CloudApiError error) implements Sent {}

        /** It may have left, and no answer came (a timeout): says nothing about the request, disarms. */
        record Unanswered() implements Sent {}

        /** Nothing left (stopped, breaker open, a local failure): its place goes to a waiting recipient. */
        record NotSent() implements Sent {}
    }

    /** The decision to halt: the error all of the first {@code sends} sends failed with, and the reason to record. */
    public record Halt(CloudApiError error, int sends, String reason) {}

    public static final Sent ACCEPTED = new Sent.Accepted();
    public static final Sent UNANSWERED = new Sent.Unanswered();
    public static final Sent NOT_SENT = new Sent.NotSent();
    private static final Admission SEND = new Admission.Send();
    private static final CompletableFuture<Admission> SEND_NOW = CompletableFuture.completedFuture(SEND);

    /** One undecided campaign: requests let through, how many failed alike with {@code first}, who waits. */
    private static final class Watch {
        int admitted;
        int failedAlike;
        CloudApiError first;
        final Queue<CompletableFuture<Admission>> waiting = new ArrayDeque<>();
    }

    private final int sends;
    private final Map<UUID, Watch> watched = new LinkedHashMap<>();
    private final Map<UUID, Admission> decided = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Admission> eldest) {
            return size() > MAX_DECIDED;
        }
    };

    /** @param sends {@code sandesh.sender.early-halt-sends}; 0 switches the rule off */
    public EarlyHalt(int sends) {
        if (sends < 0) {
            throw new IllegalArgumentException("early-halt-sends must be >= 0");
        }
        this.sends = sends;
    }

    /** True for an error that is the request's fault, alike for every recipient. */
    public static boolean requestClass(CloudApiError error) {
        return error instanceof CloudApiError.Unrecognised || REQUEST_CLASS.contains(error.code());
    }

    /**
     * Asks to send one recipient of the campaign. Completes at once unless the campaign is undecided
     * with {@code sends} requests already let through; then when it is decided (or a place frees up).
     * Every {@link Admission.Send} must be followed by one {@link #record}.
     */
    public CompletionStage<Admission> admit(UUID campaignId) {
        if (sends == 0) {
            return SEND_NOW;
        }
        List<CompletableFuture<Admission>> evicted = List.of();
        CompletionStage<Admission> admission;
        synchronized (this) {
            Admission verdict = decided.get(campaignId);
            if (verdict != null) {
                return CompletableFuture.completedFuture(verdict);
            }
            Watch watch = watched.get(campaignId);
            if (watch == null) {
                watch = new Watch();
                watched.put(campaignId, watch);
                if (watched.size() > MAX_WATCHED) {
                    evicted = decide(watched.keySet().iterator().next(), SEND);
                }
            }
            if (watch.admitted < sends) {
                watch.admitted++;
                admission = SEND_NOW;
            } else {
                CompletableFuture<Admission> waiting = new CompletableFuture<>();
                watch.waiting.add(waiting);
                admission = waiting;
            }
        }
        evicted.forEach(waiting -> waiting.complete(SEND));
        return admission;
    }

    /**
     * Records how an admitted recipient's send ended.
     *
     * @return the halt, once: when this was the last of the first {@code sends} sends, all failed alike
     */
    public Optional<Halt> record(UUID campaignId, Sent sent) {
        if (sends == 0) {
            return Optional.empty();
        }
        List<CompletableFuture<Admission>> release = new ArrayList<>();
        Admission verdict = SEND;
        Halt halt = null;
        synchronized (this) {
            Watch watch = watched.get(campaignId);
            if (watch == null) {
                return Optional.empty(); // decided already
            }
            switch (sent) {
                case Sent.NotSent notSent -> {
                    CompletableFuture<Admission> next = watch.waiting.poll();
                    if (next == null) {
                        watch.admitted--;
                    } else {
                        release.add(next); // takes the place: admitted stays the same
                    }
                }
                case Sent.Accepted accepted -> release.addAll(decide(campaignId, SEND));
                case Sent.Unanswered unanswered -> release.addAll(decide(campaignId, SEND));
                case Sent.Refused(CloudApiError error) -> {
                    if (!requestClass(error) || (watch.first != null && watch.first.code() != error.code())) {
                        release.addAll(decide(campaignId, SEND));
                    } else {
                        watch.first = watch.first == null ? error : watch.first;
                        if (++watch.failedAlike >= sends) {
                            halt = new Halt(watch.first, sends, "campaign halted: its first " + sends + " sends all failed with "
                                    + watch.first.code() + " " + watch.first.title());
                            verdict = new Admission.Halted(halt.reason());
                            release.addAll(decide(campaignId, verdict));
                        }
                    }
                }
            }
        }
        // Completed outside the lock: a waiting recipient's continuation runs on this thread.
        for (CompletableFuture<Admission> waiting : release) {
            waiting.complete(verdict);
        }
        return Optional.ofNullable(halt);
    }

    /** Campaigns being watched now (undecided): for tests of the memory bound. */
    synchronized int watching() {
        return watched.size();
    }

    /** Forgets the campaign's counts, keeps its verdict; returns who waited. Called with the lock held. */
    private List<CompletableFuture<Admission>> decide(UUID campaignId, Admission verdict) {
        Watch watch = watched.remove(campaignId);
        decided.put(campaignId, verdict);
        return watch == null ? List.of() : List.copyOf(watch.waiting);
    }
}
