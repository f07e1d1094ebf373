package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What webhook-service knows of a campaign's messages, served at
 * {@code GET /internal/v1/campaigns/{id}/stats} and read by broadcast-service for progress.
 *
 * <p>Every recipient is counted once, in its <em>current</em> state on the status lattice
 * (accepted → sent → delivered → read; failed terminal). So {@code delivered} counts messages
 * delivered and not (yet) read; "reached" is {@code delivered + read}.
 *
 * @param accepted         accepted by Meta, no status webhook yet
 * @param sent             Meta sent it; not yet delivered
 * @param delivered        delivered to the phone, not (yet) read
 * @param read             read (implies delivered)
 * @param failed           failed: refused by Meta when sending, or a {@code failed} status webhook
 * @param unknown          the send's fate is ambiguous (timeout after the request left)
 * @param halted           not sent because the campaign or the number was halted
 * @param failuresByCode   failed messages by Meta error code
 * @param firstEventAt     earliest outcome or status seen for the campaign (null when none)
 * @param lastEventAt      latest outcome or status seen for the campaign (null when none)
 * @param replied          recipients who replied to the campaign's message (an inbound message whose
 *                         {@code context.id} is its wamid); a dimension beside the lattice, not a state
 * @param held             of {@code accepted}, those Meta answered {@code held_for_quality_assessment}
 *                         (template pacing, CLOUD-API-MORE §3.11) and that have no status yet
 * @param quietAccepted    of {@code accepted}, those with no news since the caller's {@code quietBefore}
 *                         (the stats call's query parameter; 0 when it was not given)
 * @param quietSent        of {@code sent}, those whose {@code sent} status came before {@code quietBefore}
 *                         (a user who blocked the business stays at sent; Meta retries delivery for up
 *                         to 30 days, CLOUD-API-MORE §3.9)
 * @param quietUnknown     of {@code unknown}, those recorded before {@code quietBefore} (an UNKNOWN send
 *                         never resolves by itself)
 */
public record CampaignStats(
        UUID campaignId,
        long accepted,
        long sent,
        long delivered,
        long read,
        long failed,
        long unknown,
        long halted,
        Map<Integer, Long> failuresByCode,
        Instant firstEventAt,
        Instant lastEventAt,
        long replied,
        long held,
        long quietAccepted,
        long quietSent,
        long quietUnknown) {

    public CampaignStats {
        failuresByCode = failuresByCode == null ? Map.of() : Map.copyOf(failuresByCode);
    }

    /** The counts before replies and holds were known (both 0). */
    public CampaignStats(UUID campaignId, long accepted, long sent, long delivered, long read, long failed, long unknown,
                         long halted, Map<Integer, Long> failuresByCode, Instant firstEventAt, Instant lastEventAt) {
        this(campaignId, accepted, sent, delivered, read, failed, unknown, halted, failuresByCode, firstEventAt, lastEventAt, 0, 0);
    }

    /** The counts before quiet recipients were asked for (all 0). */
    public CampaignStats(UUID campaignId, long accepted, long sent, long delivered, long read, long failed, long unknown,
                         long halted, Map<Integer, Long> failuresByCode, Instant firstEventAt, Instant lastEventAt, long replied, long held) {
        this(campaignId, accepted, sent, delivered, read, failed, unknown, halted, failuresByCode, firstEventAt, lastEventAt, replied, held,
                0, 0, 0);
    }

    public static CampaignStats empty(UUID campaignId) {
        return new CampaignStats(campaignId, 0, 0, 0, 0, 0, 0, 0, Map.of(), null, null);
    }

    /** Recipients whose send has an outcome of any kind. */
    public long processed() {
        return accepted + sent + delivered + read + failed + unknown + halted;
    }

    /** Recipients that will not change state any more: read, failed, halted. */
    public long terminal() {
        return read + failed + halted;
    }

    /** Accepted, sent or UNKNOWN with no news since {@code quietBefore}: settled without a delivery report. */
    public long quiet() {
        return quietAccepted + quietSent + quietUnknown;
    }
}
