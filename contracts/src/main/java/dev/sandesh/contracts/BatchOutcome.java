package dev.sandesh.contracts;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What sender-service did with one {@link SendBatch}: one entry per recipient, published after
 * the sender's ledger is written. webhook-service uses it to tie each wamid to its campaign and
 * recipient, and to count the sends that never reached Meta.
 *
 * <p>A redelivered batch yields an outcome again, rebuilt from the ledger, so consumers must treat
 * outcomes as idempotent facts.
 */
public record BatchOutcome(
        int version,
        UUID campaignId,
        int batchNumber,
        String phoneNumberId,
        List<RecipientOutcome> recipients) implements WireEvent {

    public static final int VERSION = 1;

    public BatchOutcome {
        Objects.requireNonNull(campaignId, "campaignId");
        recipients = List.copyOf(recipients);
    }

    public BatchOutcome(UUID campaignId, int batchNumber, String phoneNumberId, List<RecipientOutcome> recipients) {
        this(VERSION, campaignId, batchNumber, phoneNumberId, recipients);
    }

    /** How a send ended, as far as the sender can tell. */
    public enum Result {
        /** Meta answered 200 with a wamid: statuses will follow by webhook. */
        ACCEPTED,
        /** Meta refused it (or every retry failed): {@code errorCode}/{@code errorTitle} say why. */
        FAILED,
        /** The request may have left but no answer came back (timeout): it may or may not arrive. */
        UNKNOWN,
        /** Not sent because the campaign (or the whole number) was halted: {@code errorTitle} says why. */
        HALTED,
        /**
         * Not sent because the campaign was paused or cancelled ({@link CampaignControl}); the
         * ledger claim was released, so a resume sends it. Not a final state: stats ignore it.
         */
        DEFERRED
    }

    /**
     * @param sequence   the recipient's position in its campaign
     * @param country    ISO region of the recipient's number, carried for pricing
     * @param result     see {@link Result}
     * @param wamid      Meta's message id, when {@link Result#ACCEPTED}
     * @param errorCode  Meta's {@code error.code} (or a negative local code, e.g. -1 for a network error)
     * @param errorTitle a short human-readable reason
     * @param messageStatus Meta's {@code messages[0].message_status} for an {@link Result#ACCEPTED} send:
     *                   {@code accepted}, or {@code held_for_quality_assessment} when template pacing holds
     *                   it (CLOUD-API-MORE §3.11: not a failure, no {@code sent} yet); null when not known
     * @param externalId the brand's own id of the recipient ({@link SendBatch.Recipient#externalId()}), carried so
     *                   the storefront's events name it; null when none. Added in version 1 without a bump:
     *                   absent in older messages, ignored by older consumers.
     */
    public record RecipientOutcome(
            long sequence,
            String country,
            Result result,
            String wamid,
            Integer errorCode,
            String errorTitle,
            String messageStatus,
            String externalId) {

        /** Meta's send answer when template pacing holds the message. */
        public static final String HELD_FOR_QUALITY_ASSESSMENT = "held_for_quality_assessment";

        public RecipientOutcome {
            Objects.requireNonNull(result, "result");
        }

        public RecipientOutcome(long sequence, String country, Result result, String wamid, Integer errorCode, String errorTitle) {
            this(sequence, country, result, wamid, errorCode, errorTitle, null, null);
        }

        public RecipientOutcome(long sequence, String country, Result result, String wamid, Integer errorCode, String errorTitle,
                                String messageStatus) {
            this(sequence, country, result, wamid, errorCode, errorTitle, messageStatus, null);
        }

        /** The same outcome naming the recipient's {@code externalId} (from {@link SendBatch.Recipient#externalId()}). */
        public RecipientOutcome withExternalId(String externalId) {
            return new RecipientOutcome(sequence, country, result, wamid, errorCode, errorTitle, messageStatus, externalId);
        }

        /** Meta is holding it for template pacing. */
        public boolean held() {
            return HELD_FOR_QUALITY_ASSESSMENT.equals(messageStatus);
        }

        public static RecipientOutcome accepted(long sequence, String country, String wamid, String messageStatus) {
            return new RecipientOutcome(sequence, country, Result.ACCEPTED, Objects.requireNonNull(wamid, "wamid"), null, null,
                    messageStatus);
        }

        public static RecipientOutcome accepted(long sequence, String country, String wamid) {
            return new RecipientOutcome(sequence, country, Result.ACCEPTED, Objects.requireNonNull(wamid, "wamid"), null, null);
        }

        public static RecipientOutcome failed(long sequence, String country, int errorCode, String errorTitle) {
            return new RecipientOutcome(sequence, country, Result.FAILED, null, errorCode, errorTitle);
        }
    }
}
