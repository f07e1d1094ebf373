package dev.sandesh.sender.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Decides what the sender does with a Cloud API error: retry it (and when) or record it.
 *
 * <p>Transient errors are retried at once by the Cloud API gateway (bounded, exponential backoff
 * with jitter); when they reach this policy the retries are spent. Throughput errors (130429) mean
 * our pacing and Meta's disagree: the recipient waits a growing, jittered backoff and tries again,
 * a bounded number of times. Everything else is recorded as FAILED with Meta's code and title —
 * pausing for maintenance, pair-rate backoff and halting a campaign on template or account errors
 * belong to later work and are recorded for now, so nothing is retried blindly.
 */
public final class SendPolicy {

    private final int maxThroughputRetries;
    private final Duration throughputBackoff;
    private final RandomGenerator random;

    /**
     * @param maxThroughputRetries how many times one recipient is retried after a throughput error
     * @param throughputBackoff    the first backoff; doubles with each retry, plus up to 50 % jitter
     * @param random               jitter source (seeded in tests)
     */
    public SendPolicy(int maxThroughputRetries, Duration throughputBackoff, RandomGenerator random) {
        if (maxThroughputRetries < 0) {
            throw new IllegalArgumentException("maxThroughputRetries must be >= 0");
        }
        this.maxThroughputRetries = maxThroughputRetries;
        this.throughputBackoff = throughputBackoff;
        this.random = random;
    }

    /** What to do. */
    public sealed interface Decision {
        /** Retry straight away with exponential backoff and jitter (done by the gateway, bounded). */
        record RetryWithBackoff() implements Decision {}

        /** Wait {@code after}, then send again through the pacer. */
        record RetryAfter(Duration after) implements Decision {}

        /** Give up on this recipient: record the error as FAILED. */
        record Record(CloudApiError error) implements Decision {}
    }

    /** Whether the gateway should retry this answer immediately (with backoff) before giving it up. */
    public static boolean retriedByGateway(CloudApiError error) {
        return error instanceof CloudApiError.Transient;
    }

    /**
     * @param error              the error the last attempt ended with
     * @param throughputRetries  how many throughput retries this recipient has had already
     */
    public Decision decide(CloudApiError error, int throughputRetries) {
        return switch (error) {
            case CloudApiError.Throughput t -> throughputRetries < maxThroughputRetries
                    ? new Decision.RetryAfter(backoff(throughputRetries))
                    : new Decision.Record(t);
            case CloudApiError.Transient t -> new Decision.RetryWithBackoff();
            case CloudApiError.PairRate p -> new Decision.Record(p);
            case CloudApiError.Maintenance m -> new Decision.Record(m);
            case CloudApiError.PerUserCap p -> new Decision.Record(p);
            case CloudApiError.SpamOrQuality s -> new Decision.Record(s);
            case CloudApiError.RecipientPermanent r -> new Decision.Record(r);
            case CloudApiError.TemplateProblem t -> new Decision.Record(t);
            case CloudApiError.AuthOrAccount a -> new Decision.Record(a);
            case CloudApiError.BadRequest b -> new Decision.Record(b);
            case CloudApiError.Unrecognised u -> new Decision.Record(u);
        };
    }

    /** {@code base * 2^n}, plus a random 0–50 % so that many recipients hit at once do not retry in step. */
    Duration backoff(int retriesSoFar) {
        long baseMillis = throughputBackoff.toMillis() << Math.min(retriesSoFar, 10);
        long jitter = baseMillis == 0 ? 0 : random.nextLong(baseMillis / 2 + 1);
        return Duration.ofMillis(baseMillis + jitter);
    }
}
