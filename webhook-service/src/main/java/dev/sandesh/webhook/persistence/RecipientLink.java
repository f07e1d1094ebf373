package dev.sandesh.webhook.persistence;

import java.util.UUID;

/** Which campaign recipient a wamid was sent to, as a batch outcome says. */
public record RecipientLink(UUID campaignId, long recipientSeq, String country) {
}
