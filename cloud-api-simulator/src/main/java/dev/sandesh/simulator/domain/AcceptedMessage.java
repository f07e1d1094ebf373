package dev.sandesh.simulator.domain;

/**
 * A message the simulator accepted, as far as its status webhooks (and a user's reply) need it.
 *
 * @param recipientId           the wa_id, or the BSUID when {@code bsuid}
 * @param bizOpaqueCallbackData echoed in every status, or null
 * @param fate                  what will happen to it (outcome, timing, webhook quirks)
 * @param bsuid                 sent to a BSUID ({@code recipient}): statuses carry {@code recipient_user_id}
 *                              and no {@code recipient_id} (CLOUD-API-MORE §4.5)
 * @param templateName          the template it used, language as sent
 * @param quickReply            what a quick-reply tap sends back (payload and button text), or null
 */
public record AcceptedMessage(String wamid, String phoneNumberId, String recipientId, String category,
                              String bizOpaqueCallbackData, Fate fate, boolean bsuid, String templateName,
                              String language, QuickReply quickReply) {

    /** The payload (the send's, else the button text, as Meta defaults it) and text of a quick-reply button. */
    public record QuickReply(String payload, String text) { }

    public AcceptedMessage(String wamid, String phoneNumberId, String recipientId, String category,
                           String bizOpaqueCallbackData, Fate fate) {
        this(wamid, phoneNumberId, recipientId, category, bizOpaqueCallbackData, fate, false, null, null, null);
    }

    /** The same message with another fate (a held message released, or failed by pacing). */
    public AcceptedMessage withOutcome(RecipientOutcome outcome) {
        return new AcceptedMessage(wamid, phoneNumberId, recipientId, category, bizOpaqueCallbackData,
                new Fate(outcome, fate.readDelayNanos(), false, false), bsuid, templateName, language, quickReply);
    }

    /**
     * @param readDelayNanos  time from acceptance to read, or -1 for the schedule's default
     * @param skipDelivered   delivered and read coincide, so Meta reports only read (with the pricing)
     * @param reordered       the sent status is reported after the next one, as Meta sometimes does
     */
    public record Fate(RecipientOutcome outcome, long readDelayNanos, boolean skipDelivered, boolean reordered) {
        public static final Fate NORMAL = new Fate(RecipientOutcome.READ, -1, false, false);

        public static Fate of(RecipientOutcome outcome) {
            return new Fate(outcome, -1, false, false);
        }
    }

    public boolean undeliverable() {
        return fate.outcome() == RecipientOutcome.UNDELIVERABLE;
    }
}
