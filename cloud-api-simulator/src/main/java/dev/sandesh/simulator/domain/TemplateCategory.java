package dev.sandesh.simulator.domain;

import java.util.Locale;

/** A template's category (CLOUD-API-MORE §2.1); it decides pricing and which endpoints may send it. */
public enum TemplateCategory {
    MARKETING, UTILITY, AUTHENTICATION;

    /** {@code pricing.category} of the status webhooks: Meta writes it in lower case. */
    public String pricing() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Accepts any case ({@code marketing}, {@code UTILITY}). */
    public static TemplateCategory parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("category must be MARKETING, UTILITY or AUTHENTICATION, was " + value);
        }
    }
}
