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
 */
public record CampaignRecipient(long sequence, String state, String wamid, Integer errorCode, String errorTitle, Instant updatedAt) {
}
