package dev.sandesh.broadcast.persistence;

import java.time.Instant;

/**
 * A stored release window of a campaign (table {@code campaign_window}). The range and batch
 * numbers are null until the window is released.
 */
public record CampaignWindow(int number, Instant releaseAt, long recipients, Long afterSequence, Long lastSequence,
                             Integer firstBatch, Integer batches, Instant releasedAt) {

    public boolean released() {
        return releasedAt != null;
    }
}
