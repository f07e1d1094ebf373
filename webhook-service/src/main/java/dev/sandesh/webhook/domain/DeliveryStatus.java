package dev.sandesh.webhook.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message stands on the status lattice, declared in lattice order: a later constant
 * outranks every earlier one (see {@link StatusLattice} for why {@code FAILED} sits between
 * {@code SENT} and {@code DELIVERED}).
 */
public enum DeliveryStatus {
    /** Meta answered the send with a wamid; no status webhook yet. */
    ACCEPTED,
    SENT,
    FAILED,
    DELIVERED,
    READ;

    /** The lower-case name Meta uses and the {@code message_status.status} column stores. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean outranks(DeliveryStatus other) {
        return other == null || compareTo(other) > 0;
    }

    /**
     * The status a webhook names. {@code accepted} is never sent by Meta as a webhook status (it
     * comes from the send's answer), and values Meta may add ({@code played}, {@code deleted}, ...)
     * are not ours to interpret: both yield empty.
     */
    public static Optional<DeliveryStatus> fromWebhook(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "sent" -> Optional.of(SENT);
            case "delivered" -> Optional.of(DELIVERED);
            case "read" -> Optional.of(READ);
            case "failed" -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }

    /** Reads the stored form back. */
    public static DeliveryStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
