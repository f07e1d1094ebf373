package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A campaign moved to another state (a row of broadcast-service's campaign history), published by
 * broadcast-service after the transition's commit and turned into a storefront event
 * ({@code sandesh.campaign.completed} …) by webhook-service. At least once: {@link #historyId()} is
 * unique per transition, so a redelivered message makes no second event.
 *
 * @param historyId  the history row's id (unique, increasing per campaign)
 * @param campaignId the campaign
 * @param kind       what happened
 * @param reason     why, when known (the halt's cause, "settled" …); null otherwise
 * @param at         when the transition was committed
 */
public record CampaignTransition(int version, long historyId, UUID campaignId, Kind kind, String reason, Instant at)
        implements WireEvent {

    public static final int VERSION = 1;

    public CampaignTransition {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }

    public CampaignTransition(long historyId, UUID campaignId, Kind kind, String reason, Instant at) {
        this(VERSION, historyId, campaignId, kind, reason, at);
    }

    /** The transitions the storefront hears about (the history has more: CREATED, SCHEDULED …, never published). */
    public enum Kind { COMPLETED, HALTED, PAUSED, RESUMED }
}
