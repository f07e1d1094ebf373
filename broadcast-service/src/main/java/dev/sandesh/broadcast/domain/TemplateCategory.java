package dev.sandesh.broadcast.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Meta's template categories; the category decides the price of a delivered message. */
public enum TemplateCategory {
    MARKETING,
    UTILITY,
    AUTHENTICATION;

    /** The lower-case name Meta and the API use. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TemplateCategory> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim();
        return Arrays.stream(values()).filter(c -> c.wire().equalsIgnoreCase(wanted)).findFirst();
    }
}
