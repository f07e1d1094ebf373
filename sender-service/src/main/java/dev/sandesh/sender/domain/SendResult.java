package dev.sandesh.sender.domain;

import java.util.Objects;

/**
 * How one recipient's send ended, as written to the ledger and reported in the batch outcome.
 *
 * @param sequence   the recipient's position in its campaign
 * @param state      never {@link LedgerState#CLAIMED}: a result is a finished state
 * @param wamid      Meta's message id when {@link LedgerState#ACCEPTED}
 * @param errorCode  Meta's {@code error.code} (or a negative local code) when FAILED
 * @param errorTitle why it failed, was left unknown or halted
 * @param attempts   how many requests were made for it (0 when none was)
 * @param messageStatus Meta's {@code message_status} when ACCEPTED ({@code held_for_quality_assessment}
 *                   when template pacing holds it, CLOUD-API-MORE §3.11); null otherwise or when not given
 */
public record SendResult(long sequence, LedgerState state, String wamid, Integer errorCode, String errorTitle, int attempts,
                         String messageStatus) {

    public SendResult(long sequence, LedgerState state, String wamid, Integer errorCode, String errorTitle, int attempts) {
        this(sequence, state, wamid, errorCode, errorTitle, attempts, null);
    }

    public SendResult {
        Objects.requireNonNull(state, "state");
        if (state == LedgerState.CLAIMED) {
            throw new IllegalArgumentException("CLAIMED is not a result");
        }
    }

    public static SendResult accepted(long sequence, String wamid, int attempts) {
        return accepted(sequence, wamid, null, attempts);
    }

    public static SendResult accepted(long sequence, String wamid, String messageStatus, int attempts) {
        return new SendResult(sequence, LedgerState.ACCEPTED, Objects.requireNonNull(wamid, "wamid"), null, null, attempts,
                messageStatus);
    }

    public static SendResult failed(long sequence, CloudApiError error, int attempts) {
        return new SendResult(sequence, LedgerState.FAILED, null, error.code(), error.title(), attempts);
    }

    public static SendResult halted(long sequence, String why, int attempts) {
        return new SendResult(sequence, LedgerState.HALTED, null, null, why, attempts);
    }

    /**
     * Refused with an error that halts the number (an expired token, a blocked account): Meta
     * accepted nothing, so the recipient is HALTED like those after it, with Meta's code, and a
     * resume after the fix sends it.
     */
    public static SendResult halted(long sequence, CloudApiError error, String why, int attempts) {
        return new SendResult(sequence, LedgerState.HALTED, null, error.code(), why, attempts);
    }

    /** Not sent now; the claim is released. {@code localCode} tells why (null: paused or cancelled). */
    public static SendResult deferred(long sequence, Integer localCode, String why) {
        return new SendResult(sequence, LedgerState.DEFERRED, null, localCode, why, 0);
    }

    public static SendResult unknown(long sequence, String why, int attempts) {
        return new SendResult(sequence, LedgerState.UNKNOWN, null, null, why, attempts);
    }
}
