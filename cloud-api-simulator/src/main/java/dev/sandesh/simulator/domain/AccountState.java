package dev.sandesh.simulator.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The state of the simulated WhatsApp Business Account. Anything but {@code OK} makes every later
 * send fail the same way, as a blocked or locked account or a revoked token does at Meta.
 */
public enum AccountState {
    OK("ok"),
    /** 368: temporarily blocked for policy violations. */
    BLOCKED("blocked"),
    /** 131031: business account locked. */
    LOCKED("locked"),
    /** 190: the access token expired or was revoked (HTTP 401). */
    TOKEN_EXPIRED("token-expired");

    private final String wire;

    AccountState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public Optional<CloudApiError> error() {
        return switch (this) {
            case OK -> Optional.empty();
            case BLOCKED -> Optional.of(CloudApiError.policyBlocked());
            case LOCKED -> Optional.of(CloudApiError.accountLocked());
            case TOKEN_EXPIRED -> Optional.of(CloudApiError.accessTokenExpired());
        };
    }

    /** Accepts the wire name, the enum name or the error code (368, 131031, 190). */
    public static AccountState parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (v) {
            case "ok", "healthy", "0" -> OK;
            case "blocked", "368" -> BLOCKED;
            case "locked", "131031" -> LOCKED;
            case "token-expired", "190" -> TOKEN_EXPIRED;
            default -> throw new IllegalArgumentException(
                    "unknown account state '" + value + "'; one of ok, blocked (368), locked (131031), token-expired (190)");
        };
    }
}
