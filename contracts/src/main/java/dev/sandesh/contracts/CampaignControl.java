package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An operator's decision about a running campaign, published by broadcast-service on every
 * lifecycle transition that affects sending, and consumed by sender-service.
 *
 * <p>How pause, resume and cancel work end to end: on {@link Command#PAUSE} or
 * {@link Command#CANCEL} the sender stops calling Meta for that campaign within the current rate
 * slot, releases the ledger claims of recipients it has not called, and reports them
 * {@link BatchOutcome.Result#DEFERRED}; batches still queued are acknowledged the same way. On
 * resume, broadcast-service publishes {@code RESUME} and then the campaign's batches again: the
 * sender's ledger skips everyone already sent, so only the deferred recipients go out.
 *
 * @param campaignId    the campaign
 * @param phoneNumberId the business number it sends from
 * @param command       what to do
 * @param reason        why (shown to operators), may be null
 * @param at            when the decision was taken
 */
public record CampaignControl(int version, UUID campaignId, String phoneNumberId, Command command, String reason, Instant at)
        implements WireEvent {

    public static final int VERSION = 1;

    public CampaignControl {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(at, "at");
    }

    public CampaignControl(UUID campaignId, String phoneNumberId, Command command, String reason, Instant at) {
        this(VERSION, campaignId, phoneNumberId, command, reason, at);
    }

    public enum Command {
        /** Stop sending; unsent recipients are deferred until RESUME. */
        PAUSE,
        /** Sending may go on; broadcast-service re-publishes the campaign's batches after this. */
        RESUME,
        /** Stop for good; unsent recipients are deferred and never sent. */
        CANCEL
    }
}
