package dev.sandesh.broadcast.domain;

/**
 * What a campaign's history records (GET /v1/campaigns/{id} → history[]), one per transition.
 * RUNNING is STARTED the first time (from DRAFT or SCHEDULED) and RESUMED afterwards (from PAUSED
 * or HALTED).
 */
public enum CampaignEvent {
    CREATED,
    SCHEDULED,
    STARTED,
    PAUSED,
    RESUMED,
    HALTED,
    COMPLETED,
    CANCELLED;

    /** The event of the move {@code from} → {@code to}; the move must be allowed. */
    public static CampaignEvent of(CampaignState from, CampaignState to) {
        if (!from.canMoveTo(to)) {
            throw new IllegalCampaignTransition(from, to);
        }
        return switch (to) {
            case DRAFT -> throw new IllegalCampaignTransition(from, to);
            case SCHEDULED -> SCHEDULED;
            case RUNNING -> from == CampaignState.PAUSED || from == CampaignState.HALTED ? RESUMED : STARTED;
            case PAUSED -> PAUSED;
            case HALTED -> HALTED;
            case COMPLETED -> COMPLETED;
            case CANCELLED -> CANCELLED;
        };
    }
}
