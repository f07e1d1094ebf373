package dev.sandesh.broadcast.persistence;

import dev.sandesh.broadcast.domain.RejectionReason;

import java.util.Map;

/** A campaign's audience counts as stored on its row (kept up to date by uploads). */
public record StoredAudienceCounts(long recipients, long valid, long rejected, Map<RejectionReason, Long> rejectedByReason) {

    public StoredAudienceCounts {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }
}
