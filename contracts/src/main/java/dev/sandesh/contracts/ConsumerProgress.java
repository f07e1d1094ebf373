package dev.sandesh.contracts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether one consumer is consuming (docs/CONVENTIONS.md, "Consumer health"): what its
 * readiness and liveness checks answer, from what the consumer and the broker report.
 *
 * @param connected     the connector's channel is connected with an open channel
 * @param readyMessages messages waiting in the queue (ready, not the unacked ones the consumer holds)
 * @param lastProgress  when the consumer last took up or settled a delivery (start time if never)
 * @param backlogSince  since when the queue has been seen non-empty without a break (empty if it was empty last time)
 * @param disconnectedSince since when the channel has been seen disconnected (empty if connected)
 * @param waitingSince  since when the consumer has been waiting out an outage on a held message (empty if not)
 */
public record ConsumerProgress(boolean connected, long readyMessages, Instant lastProgress, Optional<Instant> backlogSince,
                               Optional<Instant> disconnectedSince, Optional<Instant> waitingSince) {

    /** @param reason empty when healthy, otherwise why not (the health check's data) */
    public record Verdict(boolean up, String reason) {
        static Verdict healthy() {
            return new Verdict(true, "");
        }
    }

    /**
     * Readiness: DOWN while the channel is not connected, and when messages have been waiting for
     * {@code stallAfter} while the consumer took up or settled nothing (stalled, or held on an outage).
     */
    public Verdict ready(Instant now, Duration stallAfter) {
        if (!connected) {
            return new Verdict(false, "channel not connected");
        }
        if (stalledFor(now).compareTo(stallAfter) >= 0) {
            return new Verdict(false, waitingSince.isPresent()
                    ? "waiting out an outage with " + readyMessages + " message(s) waiting since " + waitingSince.get()
                    : readyMessages + " message(s) waiting and nothing consumed since " + lastProgress);
        }
        return Verdict.healthy();
    }

    /**
     * Liveness: DOWN when a restart is what it takes: the channel has stayed disconnected for
     * {@code deadAfter} although the broker answers ({@code brokerReachable}), or messages have waited
     * for {@code deadAfter} with nothing consumed while the consumer is not waiting out an outage
     * (a lost delivery holding the prefetch, a subscription that ended). A consumer waiting for
     * PostgreSQL or the broker stays live: a restart would not bring them back.
     */
    public Verdict live(Instant now, Duration deadAfter, boolean brokerReachable) {
        if (disconnectedSince.isPresent() && brokerReachable
                && Duration.between(disconnectedSince.get(), now).compareTo(deadAfter) >= 0) {
            return new Verdict(false, "channel disconnected since " + disconnectedSince.get() + " while the broker answers");
        }
        if (connected && waitingSince.isEmpty() && stalledFor(now).compareTo(deadAfter) >= 0) {
            return new Verdict(false, readyMessages + " message(s) waiting and nothing consumed since " + lastProgress);
        }
        return Verdict.healthy();
    }

    private Duration stalledFor(Instant now) {
        if (readyMessages <= 0 || backlogSince.isEmpty()) {
            return Duration.ZERO;
        }
        Instant from = backlogSince.get().isAfter(lastProgress) ? backlogSince.get() : lastProgress;
        Duration stalled = Duration.between(from, now);
        return stalled.isNegative() ? Duration.ZERO : stalled;
    }
}
