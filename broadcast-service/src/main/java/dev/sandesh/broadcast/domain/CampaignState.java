package dev.sandesh.broadcast.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a campaign is in its life (DESIGN.md §4):
 * DRAFT → SCHEDULED → RUNNING ⇄ PAUSED → COMPLETED | HALTED | CANCELLED; HALTED → RUNNING
 * when the operator resumes it after fixing the halt's cause, or → CANCELLED.
 *
 * <p>A campaign is DRAFT until every one of its batches has been confirmed by the broker; only
 * then is it RUNNING. So a DRAFT campaign may have published some batches already: publishing it
 * again is safe because sender-service's ledger skips recipients it has already claimed.
 */
public enum CampaignState {
    DRAFT,
    SCHEDULED,
    RUNNING,
    PAUSED,
    COMPLETED,
    HALTED,
    CANCELLED;

    /** The states this one may move to; empty for the terminal ones (COMPLETED, CANCELLED). */
    public Set<CampaignState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(SCHEDULED, RUNNING, CANCELLED);
            case SCHEDULED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(PAUSED, COMPLETED, HALTED, CANCELLED);
            case PAUSED -> EnumSet.of(RUNNING, HALTED, CANCELLED);
            // resume after the halt's cause is fixed (a new token, a paid bill): only the never-sent go out
            case HALTED -> EnumSet.of(RUNNING, CANCELLED);
            case COMPLETED, CANCELLED -> EnumSet.noneOf(CampaignState.class);
        };
    }

    public boolean canMoveTo(CampaignState target) {
        return next().contains(target);
    }

    /** @return {@code target}, when the move is allowed */
    public CampaignState moveTo(CampaignState target) {
        if (!canMoveTo(target)) {
            throw new IllegalCampaignTransition(this, target);
        }
        return target;
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }
}
