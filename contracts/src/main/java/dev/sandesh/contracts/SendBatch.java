package dev.sandesh.contracts;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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
     * @param bodyParameters the recipient's positional parameters, in order: {@code {{1}}}, {@code {{2}}}…
     *                       in {@link TemplateRef#components()}, or the body parameters themselves when the
     *                       template has no components
     * @param variables      the recipient's named values, resolving {@code {{name}}} placeholders in
     *                       {@link TemplateRef#components()}; empty when there are none. Added in version 1
     *                       without a bump: absent in older messages, ignored by older consumers.
     * @param externalId     the brand's own id of the recipient (the campaign's {@code external_id}), copied
     *                       into the outcome so the storefront's events name it; null when none. Added in
     *                       version 1 without a bump, like {@code variables}.
     */
    public record Recipient(long sequence, String phone, String country, List<String> bodyParameters,
                            Map<String, String> variables, String externalId) {

        public Recipient {
            Objects.requireNonNull(phone, "phone");
            bodyParameters = bodyParameters == null ? List.of() : List.copyOf(bodyParameters);
            // Sorted, so that a batch read back from the database encodes to the same bytes every time.
            variables = variables == null || variables.isEmpty() ? Map.of() : sortedCopy(variables);
        }

        public Recipient(long sequence, String phone, String country, List<String> bodyParameters) {
            this(sequence, phone, country, bodyParameters, Map.of());
        }

        public Recipient(long sequence, String phone, String country, List<String> bodyParameters,
                         Map<String, String> variables) {
            this(sequence, phone, country, bodyParameters, variables, null);
        }

        private static Map<String, String> sortedCopy(Map<String, String> variables) {
            var sorted = new TreeMap<String, String>();
            variables.forEach((name, value) -> sorted.put(Objects.requireNonNull(name, "variable name"),
                    Objects.requireNonNull(value, () -> "variable " + name)));
            return Collections.unmodifiableSortedMap(sorted);
        }

        @Override
        public String toString() {
            return "Recipient[sequence=" + sequence + ", phone=" + PhoneMask.mask(phone) + ", country=" + country + "]";
        }
    }
}
