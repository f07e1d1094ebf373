package dev.sandesh.broadcast.domain;

import java.util.Optional;

/**
 * What any text taken from outside must not hold before it is stored: a NUL character (PostgreSQL's
 * {@code text} refuses {@code U+0000}, and the insert would fail late, as a 500) or a lone UTF-16
 * surrogate (an unpaired {@code \ud800} escape in JSON, which has no UTF-8 form). Everything else,
 * other control characters included, is the caller's data and kept as given.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Why {@code value} cannot be stored, or empty when it can (null can: absence is checked elsewhere). */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain a NUL character (U+0000), found at position " + i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("must not contain a lone UTF-16 surrogate, found at position " + i);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("must not contain a lone UTF-16 surrogate, found at position " + i);
            }
        }
        return Optional.empty();
    }

    /** The first field of a recipient that cannot be stored, as {@code field: reason}, or empty. */
    public static Optional<String> problem(AudienceEntry entry) {
        Optional<String> found = problem(entry.phone()).map(r -> "phone " + r);
        if (found.isEmpty()) {
            found = problem(entry.externalId()).map(r -> "externalId " + r);
        }
        if (found.isEmpty() && entry.parameters() != null) {
            for (int i = 0; i < entry.parameters().size() && found.isEmpty(); i++) {
                int at = i;
                found = problem(entry.parameters().get(i)).map(r -> "parameters[" + at + "] " + r);
            }
        }
        if (found.isEmpty() && entry.variables() != null) {
            for (var variable : entry.variables().entrySet()) {
                found = problem(variable.getKey()).map(r -> "variables (a name) " + r)
                        .or(() -> problem(variable.getValue()).map(r -> "variables." + variable.getKey() + " " + r));
                if (found.isPresent()) {
                    break;
                }
            }
        }
        return found;
    }
}
