package dev.sandesh.simulator.domain;

import java.util.Locale;

/**
 * What happens to an accepted message on the simulated network, as its status webhooks tell it
 * (CLOUD-API-MORE §3.9, §3.11, §4.1, §4.3). The marketing-only outcomes apply to templates of
 * category {@code marketing}; any other category is delivered and read as usual (Meta's opt-out,
 * per-user cap and pacing concern marketing only).
 */
public enum RecipientOutcome {
    /** sent, delivered, read. */
    READ("read", 0),
    /** sent, delivered, and never read: the user has read receipts off (§4.1). */
    DELIVERED_NOT_READ("delivered-not-read", 0),
    /** sent, and nothing more: the user blocked the business (§4.1). */
    BLOCKED("blocked", 0),
    /** sent, then failed with 131026 (not a WhatsApp user, old app version...). */
    UNDELIVERABLE("undeliverable", CloudApiError.MESSAGE_UNDELIVERABLE),
    /** sent, then failed with 131049 later (the per-user marketing cap hit after sending, §4.3). */
    FAILED_AFTER_SENT("failed-after-sent", CloudApiError.MARKETING_CAP),
    /** sent, then failed with 130497: the WABA may not message this country (§4.3, §4.4). */
    COUNTRY_RESTRICTED("country-restricted", CloudApiError.COUNTRY_RESTRICTED),
    /** failed with 131050: the user stopped marketing messages from this business. */
    STOPPED_MARKETING("stopped-marketing", CloudApiError.USER_STOPPED_MARKETING),
    /** failed with 131049: Meta's per-user marketing cap ("healthy ecosystem engagement"). */
    MARKETING_CAP("marketing-cap", CloudApiError.MARKETING_CAP),
    /**
     * answered {@code message_status: held_for_quality_assessment} (template pacing, §3.11): no status
     * until released ({@code held-release-after}, or on demand), then sent, delivered, read.
     */
    HELD("held", 0),
    /** failed with 132015 without a sent: a held message of a template that pacing paused (§3.11). */
    PACING_FAILED("pacing-failed", CloudApiError.TEMPLATE_PAUSED),
    /** read, then the user answers with a text quoting the message ({@code context.id} = its wamid, §3.9). */
    REPLIES_TEXT("replies-text", 0),
    /** read, then the user taps the template's quick reply ({@code type: button}, {@code context.id} = its wamid). */
    REPLIES_BUTTON("replies-button", 0);

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

    /** Applies to marketing templates only; others are read as usual. */
    public boolean marketingOnly() {
        return this == STOPPED_MARKETING || this == MARKETING_CAP || this == FAILED_AFTER_SENT || this == HELD;
    }

    /** Meta reports failed without ever reporting sent (131049 / 131050 at send, 132015 after a hold). */
    public boolean failsUnsent() {
        return this == STOPPED_MARKETING || this == MARKETING_CAP || this == PACING_FAILED;
    }

    /** failed comes where delivered would. */
    public boolean failsAfterSent() {
        return this == UNDELIVERABLE || this == FAILED_AFTER_SENT || this == COUNTRY_RESTRICTED;
    }

    /** The user reads it (and may reply). */
    public boolean reads() {
        return this == READ || this == REPLIES_TEXT || this == REPLIES_BUTTON;
    }

    public boolean replies() {
        return this == REPLIES_TEXT || this == REPLIES_BUTTON;
    }

    /** Accepts the wire name or the enum name, any case; {@code read-receipts-off} = delivered-not-read. */
    public static RecipientOutcome parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (v.equals("read-receipts-off")) {
            return DELIVERED_NOT_READ;
        }
        for (RecipientOutcome outcome : values()) {
            if (outcome.wire.equals(v)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome '" + value + "'; one of read, delivered-not-read"
                + " (read-receipts-off), blocked, undeliverable, failed-after-sent, country-restricted,"
                + " stopped-marketing, marketing-cap, held, pacing-failed, replies-text, replies-button");
    }
}
