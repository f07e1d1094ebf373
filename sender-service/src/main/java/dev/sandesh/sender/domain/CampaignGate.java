package dev.sandesh.sender.domain;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory view, checked before every send, of which campaigns and numbers may send: paused
 * and cancelled campaigns (operators, {@code CampaignControl}), halted campaigns (a template error)
 * and halted numbers (an auth/account error, or 131048 spam/quality). The durable copy lives in
 * {@code sender.campaign_control} and {@code sender.number_halt}; this view is what makes a pause
 * take effect at the next rate slot rather than at the next batch.
 *
 * <p>A control decision carries the time it was taken: an older decision never overrides a newer
 * one (messages can arrive out of order), and CANCELLED is final.
 */
public final class CampaignGate {

    /** What a campaign's sends are to do now. */
    public enum CampaignState { RUNNING, PAUSED, CANCELLED, HALTED }

    /**
     * A campaign's state, why, when it was decided, and the Meta code behind it when Meta stopped it
     * (a template paused by Meta: 132015), which its DEFERRED recipients then report.
     */
    public record CampaignStatus(CampaignState state, String reason, java.time.Instant decidedAt, Integer errorCode) {
        public CampaignStatus {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(decidedAt, "decidedAt");
        }

        public CampaignStatus(CampaignState state, String reason, java.time.Instant decidedAt) {
            this(state, reason, decidedAt, null);
        }
    }

    /** May this recipient be sent now? */
    public sealed interface Verdict {
        record Send() implements Verdict {}

        /** Paused or cancelled: release the claim, report DEFERRED with the reason (and Meta's code, when Meta paused it). */
        record Defer(Integer errorCode, String reason) implements Verdict {
            public Defer(String reason) {
                this(null, reason);
            }
        }

        /** Halted: record HALTED with the reason. */
        record Halt(String reason) implements Verdict {}
    }

    private static final Verdict SEND = new Verdict.Send();

    private final Map<UUID, CampaignStatus> campaigns = new ConcurrentHashMap<>();
    private final Map<String, String> haltedNumbers = new ConcurrentHashMap<>();

    public Verdict verdict(UUID campaignId, String phoneNumberId) {
        CampaignStatus status = campaigns.get(campaignId);
        if (status != null) {
            switch (status.state()) {
                case PAUSED -> {
                    return new Verdict.Defer(status.errorCode(), "campaign paused" + suffix(status.reason()));
                }
                case CANCELLED -> {
                    return new Verdict.Defer("campaign cancelled" + suffix(status.reason()));
                }
                case HALTED -> {
                    return new Verdict.Halt(status.reason());
                }
                case RUNNING -> {
                    // the number may still be halted
                }
            }
        }
        String numberHalt = phoneNumberId == null ? null : haltedNumbers.get(phoneNumberId);
        return numberHalt == null ? SEND : new Verdict.Halt(numberHalt);
    }

    /**
     * Applies a decision unless a newer one is already known, or the campaign was cancelled.
     *
     * @return true when the view changed
     */
    public boolean apply(UUID campaignId, CampaignStatus status) {
        boolean[] changed = {false};
        campaigns.compute(campaignId, (id, current) -> {
            if (current != null && (current.state() == CampaignState.CANCELLED
                    || current.decidedAt().isAfter(status.decidedAt()))) {
                return current;
            }
            changed[0] = !status.equals(current);
            return status;
        });
        return changed[0];
    }

    /** @return true when the number was not halted yet */
    public boolean haltNumber(String phoneNumberId, String reason) {
        return haltedNumbers.putIfAbsent(phoneNumberId, reason) == null;
    }

    public void liftNumber(String phoneNumberId) {
        haltedNumbers.remove(phoneNumberId);
    }

    public Map<String, String> haltedNumbers() {
        return Map.copyOf(haltedNumbers);
    }

    public CampaignStatus status(UUID campaignId) {
        return campaigns.get(campaignId);
    }

    private static String suffix(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }
}
