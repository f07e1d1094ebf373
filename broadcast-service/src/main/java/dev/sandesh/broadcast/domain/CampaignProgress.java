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
     * Recipients that are settled (DESIGN.md §4): delivered, read, failed or halted, and those
     * still accepted, sent or UNKNOWN with no news since the settle cutoff ({@link Settlement}):
     * users with read receipts off never send {@code read}, a user who blocked the business stays
     * at {@code sent}, Meta retries delivery for up to 30 days, and an UNKNOWN send never resolves
     * (CLOUD-API-MORE §3.9). "Settled" is not "final": a later status still moves the counts.
     */
    public long settled() {
        return stats.delivered() + stats.read() + stats.failed() + stats.halted() + stats.quiet();
    }

    /** Settled without a delivery report: accepted, sent or UNKNOWN and quiet since the cutoff. */
    public long settledWithoutReport() {
        return stale ? 0 : stats.quiet();
    }

    /** Every valid recipient is settled. Stale counts never complete a campaign. */
    public boolean everyRecipientSettled() {
        return !stale && settled() >= valid;
    }

    /**
     * The sender halted sends (account or template error, CLOUD-API.md): every later send would
     * fail the same way, so the campaign is HALTED rather than left running. Stale counts never halt.
     */
    public boolean halted() {
        return !stale && stats.halted() > 0;
    }

    /**
     * Where a campaign in {@code current} belongs given this progress: HALTED when a RUNNING or
     * PAUSED campaign's sends were halted (checked first: halted recipients are settled too),
     * COMPLETED when a RUNNING campaign's every recipient is settled, otherwise {@code current}.
     * A PAUSED campaign does not complete: resuming it may still send deferred recipients.
     */
    public CampaignState settle(CampaignState current) {
        if ((current == CampaignState.RUNNING || current == CampaignState.PAUSED) && halted()) {
            return CampaignState.HALTED;
        }
        if (current == CampaignState.RUNNING && everyRecipientSettled()) {
            return CampaignState.COMPLETED;
        }
        return current;
    }

    public String haltReason() {
        return stats.halted() + " recipient(s) were not sent because sending was halted (account or template error); see failuresByCode";
    }

    /** Why the campaign completed, for its history: how many settled without a delivery report, and of which kind. */
    public String completionReason() {
        return "settled: " + stats.quiet() + " without a delivery report (" + stats.quietAccepted() + " accepted, "
                + stats.quietSent() + " sent, " + stats.quietUnknown() + " unknown)";
    }

    /** Outcomes per second between the first and the last event seen; 0 when it cannot be told yet. */
    public double throughput() {
        if (stale || stats.firstEventAt() == null || stats.lastEventAt() == null) {
            return 0;
        }
        double seconds = java.time.Duration.between(stats.firstEventAt(), stats.lastEventAt()).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : stats.processed() / seconds;
    }

    /** Seconds until every queued recipient has an outcome at the current throughput; empty when unknown or done. */
    public java.util.OptionalLong etaSeconds() {
        double rate = throughput();
        long queued = queued();
        if (queued == 0 || rate <= 0) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of((long) Math.ceil(queued / rate));
    }
}
