package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.CampaignStats;

/**
 * A campaign's progress, composed from what broadcast-service knows (how many valid recipients)
 * and what webhook-service knows (what became of each message).
 *
 * @param valid recipients that were to be sent
 * @param stats message counts from webhook-service
 * @param stale true when the counts could not be fetched and are zeros
 */
public record CampaignProgress(long valid, CampaignStats stats, boolean stale) {

    /** Valid recipients with no outcome yet (never negative, even if the stats run ahead). */
    public long queued() {
        return Math.max(0, valid - stats.processed());
    }

    /**
     * Every valid recipient has reached a state it will not leave (read, failed, halted). Stale
     * counts never complete a campaign. "Delivered" is not terminal: a read may still follow.
     */
    public boolean everyRecipientTerminal() {
        return !stale && stats.terminal() >= valid;
    }
}
