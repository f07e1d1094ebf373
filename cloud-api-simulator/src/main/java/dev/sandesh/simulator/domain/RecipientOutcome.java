package dev.sandesh.simulator.domain;

import java.util.Locale;

/**
 * What happens to an accepted message on the simulated network, as its status webhooks tell it.
 * The marketing-only outcomes apply to templates of category {@code marketing}; any other
 * category is delivered and read as usual (Meta's opt-out and per-user cap concern marketing only).
 */
public enum RecipientOutcome {
    /** sent, delivered, read. */
    READ("read", 0),
    /** sent, delivered, and never read. */
    DELIVERED_NOT_READ("delivered-not-read", 0),
    /** sent, then failed with 131026 (not a WhatsApp user, old app version...). */
    UNDELIVERABLE("undeliverable", CloudApiError.MESSAGE_UNDELIVERABLE),
    /** failed with 131050: the user stopped marketing messages from this business. */
    STOPPED_MARKETING("stopped-marketing", CloudApiError.USER_STOPPED_MARKETING),
    /** failed with 131049: Meta's per-user marketing cap ("healthy ecosystem engagement"). */
    MARKETING_CAP("marketing-cap", CloudApiError.MARKETING_CAP);

    private final String wire;
    private final int failureCode;

    RecipientOutcome(String wire, int failureCode) {
        this.wire = wire;
        this.failureCode = failureCode;
    }

    /** Name used in config and in the audit ({@code undeliverable}, {@code stopped-marketing}...). */
    public String wire() {
        return wire;
    }

    /** The {@code errors[].code} of the failed status, or 0 when the message does not fail. */
    public int failureCode() {
        return failureCode;
    }

    public boolean fails() {
        return failureCode != 0;
    }

    public boolean marketingOnly() {
        return this == STOPPED_MARKETING || this == MARKETING_CAP;
    }

    /** Accepts the wire name or the enum name, any case. */
    public static RecipientOutcome parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (RecipientOutcome outcome : values()) {
            if (outcome.wire.equals(v)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + value + "'; one of read, delivered-not-read,"
                + " undeliverable, stopped-marketing, marketing-cap");
    }
}
