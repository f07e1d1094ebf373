package dev.sandesh.simulator.domain;

/**
 * A message the simulator accepted, as far as its status webhooks need it.
 *
 * @param bizOpaqueCallbackData echoed in every status, or null
 * @param fate                  what will happen to it (outcome, timing, webhook quirks)
 */
public record AcceptedMessage(String wamid, String phoneNumberId, String recipientId, String category,
                              String bizOpaqueCallbackData, Fate fate) {

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
