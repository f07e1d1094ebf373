package dev.sandesh.webhook.persistence;

import java.util.UUID;

/**
 * Which campaign recipient a wamid was sent to, as a batch outcome says.
 *
 * @param externalId the brand's own id of the recipient (named in the storefront's events); null when none
 */
public record RecipientLink(UUID campaignId, long recipientSeq, String country, String externalId) {

    public RecipientLink(UUID campaignId, long recipientSeq, String country) {
        this(campaignId, recipientSeq, country, null);
    }
}
