package dev.sandesh.broadcast.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a campaign is in its life (DESIGN.md §4):
 * DRAFT → SCHEDULED → RUNNING ⇄ PAUSED → COMPLETED | HALTED | CANCELLED; HALTED → RUNNING
 * when the operator resumes it after fixing the halt's cause, or → CANCELLED.
 *
 * <p>A campaign is RUNNING from the moment its start is decided (its release plan stored, before
 * its first batch is published), so a campaign whose batches are being published, or were
 * published only in part, says RUNNING; how far publishing has come is the publish ledger's
 * (messaging.CampaignPublisher), and the scheduler tick resumes an interrupted publish with the
 * next unpublished batch. DRAFT and SCHEDULED campaigns have published nothing.
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
