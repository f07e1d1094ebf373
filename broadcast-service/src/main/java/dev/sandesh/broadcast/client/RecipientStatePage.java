package dev.sandesh.broadcast.client;

import java.time.Instant;
import java.util.List;

/**
 * webhook-service's answer to {@code GET /internal/v1/campaigns/{id}/recipients}: recipients with
 * an outcome, in sequence order, after the {@code after} sequence; {@code next} is the last
 * sequence of the page when more may follow, null at the end.
 */
public record RecipientStatePage(List<RecipientState> recipients, Long next) {

    public RecipientStatePage {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * @param sequence   the recipient's sequence in its campaign
     * @param state      ACCEPTED, SENT, DELIVERED, READ, FAILED, UNKNOWN or HALTED (current state on the lattice)
     * @param wamid      Meta's message id, when there is one
     * @param errorCode  Meta's error code (negative: local) for FAILED
     * @param errorTitle a short reason for FAILED/HALTED
     * @param updatedAt  when it entered this state (for FAILED: when it failed)
     * @param reply      the recipient's last reply to the campaign's message, null when none (absent from older webhook-services)
     */
    public record RecipientState(long sequence, String state, String wamid, Integer errorCode, String errorTitle, Instant updatedAt,
                                 Reply reply) {

        public RecipientState(long sequence, String state, String wamid, Integer errorCode, String errorTitle, Instant updatedAt) {
            this(sequence, state, wamid, errorCode, errorTitle, updatedAt, null);
        }
    }

    /** A reply: kind TEXT, BUTTON, BUTTON_REPLY or LIST_REPLY; text (or the button's label); payload (the button's payload / choice id). */
    public record Reply(String kind, String text, String payload, Instant at) {
    }
}
