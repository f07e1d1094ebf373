package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One recipient behaviour: the recipients it matches and what happens to messages sent to them.
 * Every criterion given must match (prefix, suffix, regex and country are tested on the wa_id's
 * digits; {@code country} is the calling code, e.g. {@code 91} or {@code 1}). {@code percent}
 * selects a stable share of recipients (see {@link RecipientRules}).
 *
 * @param readDelay time from acceptance to {@code read} for these recipients, or null for the default
 */
public record RecipientRule(String prefix, String suffix, String regex, String country, Double percent,
                            RecipientOutcome outcome, Duration readDelay) {

    public RecipientRule {
        prefix = blankToNull(prefix);
        suffix = blankToNull(suffix);
        regex = blankToNull(regex);
        country = blankToNull(country);
        if (regex != null) {
            Pattern.compile(regex); // fails fast on a bad pattern
        }
        if (country != null && !country.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("country must be a calling code of 1-3 digits, was " + country);
        }
        if (percent != null && !(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
        }
        if (outcome == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        if (readDelay != null && readDelay.isNegative()) {
            throw new IllegalArgumentException("readDelay must not be negative");
        }
    }

    public static RecipientRule suffix(String suffix, RecipientOutcome outcome) {
        return new RecipientRule(null, suffix, null, null, null, outcome, null);
    }

    /** The criteria other than {@code percent}. */
    boolean matchesNumber(String waId, Pattern compiled) {
        return (prefix == null || waId.startsWith(prefix))
                && (suffix == null || waId.endsWith(suffix))
                && (country == null || waId.startsWith(country))
                && (compiled == null || compiled.matcher(waId).matches());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
