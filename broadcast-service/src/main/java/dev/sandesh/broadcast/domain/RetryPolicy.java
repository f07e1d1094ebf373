package dev.sandesh.broadcast.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Which failed recipients "retry failed" may send again (CLOUD-API.md, error classes): transient
 * errors yes; 131049 (per-user marketing cap) only once 24 h have passed since it failed; a send
 * whose fate is UNKNOWN only when the caller explicitly accepts the risk of a double send; every
 * other error (recipient permanent such as 131026 and 131050, template, account, request, spam
 * limit) never.
 */
public final class RetryPolicy {

    /** Throughput, pair rate, transient and maintenance codes: the message was not sent. */
    static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004);

    public static final int MARKETING_CAP = 131049;

    public static final Duration MARKETING_CAP_WAIT = Duration.ofHours(24);

    private RetryPolicy() {
    }

    /** A recipient's last known outcome, as webhook-service reports it. */
    public enum OutcomeState { ACCEPTED, SENT, DELIVERED, READ, FAILED, UNKNOWN, HALTED }

    /**
     * @param errorCode      Meta's code for a FAILED one (negative: a local network error)
     * @param failedAt       when it failed (for 131049)
     * @param includeUnknown the caller accepts re-sending UNKNOWN ones, which may already have arrived
     */
    public static boolean retryable(OutcomeState state, Integer errorCode, Instant failedAt, Instant now, boolean includeUnknown) {
        return switch (state) {
            case UNKNOWN -> includeUnknown;
            case FAILED -> errorCode != null && (errorCode < 0 || TRANSIENT.contains(errorCode)
                    || (errorCode == MARKETING_CAP && failedAt != null && !failedAt.plus(MARKETING_CAP_WAIT).isAfter(now)));
            case ACCEPTED, SENT, DELIVERED, READ, HALTED -> false;
        };
    }
}
