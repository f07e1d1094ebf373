package dev.sandesh.contracts;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A slice of a campaign for sender-service to send: broadcast-service publishes one per
 * {@code batch-size} valid recipients, after the campaign is committed.
 *
 * <p>Redelivery is expected (a consumer may crash after sending and before acking); sender-service
 * claims each (campaign, sequence) in its ledger before calling Meta, so a batch delivered twice
 * never sends a recipient twice.
 *
 * @param campaignId    the campaign the batch belongs to
 * @param batchNumber   0-based position of this batch within the campaign
 * @param phoneNumberId Meta's id of the business phone number to send from
 * @param template      what to send
 * @param recipients    who to send it to, in sequence order
 */
public record SendBatch(
        int version,
        UUID campaignId,
        int batchNumber,
        String phoneNumberId,
        TemplateRef template,
        List<Recipient> recipients) implements WireEvent {

    public static final int VERSION = 1;

    public SendBatch {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(phoneNumberId, "phoneNumberId");
        Objects.requireNonNull(template, "template");
        recipients = List.copyOf(recipients);
    }

    public SendBatch(UUID campaignId, int batchNumber, String phoneNumberId, TemplateRef template, List<Recipient> recipients) {
        this(VERSION, campaignId, batchNumber, phoneNumberId, template, recipients);
    }

    /**
     * One person to message.
     *
     * @param sequence       the recipient's 0-based position in its campaign; with the campaign id it
     *                       identifies the recipient everywhere (ledger, outcomes, statuses)
     * @param phone          E.164 with a leading {@code +}, e.g. {@code +919812345678}
     * @param country        ISO 3166-1 alpha-2 region of the number (e.g. {@code IN}), which prices it
     * @param bodyParameters the template's body parameters, in order
     */
    public record Recipient(long sequence, String phone, String country, List<String> bodyParameters) {

        public Recipient {
            Objects.requireNonNull(phone, "phone");
            bodyParameters = bodyParameters == null ? List.of() : List.copyOf(bodyParameters);
        }

        @Override
        public String toString() {
            return "Recipient[sequence=" + sequence + ", phone=" + PhoneMask.mask(phone) + ", country=" + country + "]";
        }
    }
}
