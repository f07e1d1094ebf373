package dev.sandesh.webhook.persistence;

import java.time.Instant;

/**
 * One campaign recipient with an outcome, in its current state.
 *
 * @param sequence   the recipient's sequence in its campaign
 * @param state      ACCEPTED, SENT, DELIVERED, READ, FAILED (a message's status) or FAILED, UNKNOWN, HALTED (a send without a wamid)
 * @param wamid      Meta's message id, null for a send that never got one
 * @param errorCode  Meta's error code (negative: local), for FAILED (and what UNKNOWN/HALTED sends carry)
 * @param errorTitle Meta's error title or the sender's reason
 * @param updatedAt  when it entered this state: the status's own timestamp (for FAILED, when it
 *                   failed), the row's last change if Meta gave none, or when the failed send was recorded
 * @param reply      the recipient's last reply to the campaign's message (V9), null when none
 */
public record CampaignRecipient(long sequence, String state, String wamid, Integer errorCode, String errorTitle, Instant updatedAt,
                                Reply reply) {

    public CampaignRecipient(long sequence, String state, String wamid, Integer errorCode, String errorTitle, Instant updatedAt) {
        this(sequence, state, wamid, errorCode, errorTitle, updatedAt, null);
    }

    /**
     * A reply: {@code kind} TEXT, BUTTON, BUTTON_REPLY or LIST_REPLY; {@code text} the text or the
     * button's label / the choice's title; {@code payload} the button's payload / the choice's id.
     */
    public record Reply(String kind, String text, String payload, Instant at) {
    }
}
