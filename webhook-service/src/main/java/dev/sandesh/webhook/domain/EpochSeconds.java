package dev.sandesh.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;

/** Meta's timestamps: epoch seconds, as a string in {@code statuses[].timestamp} and as a number elsewhere ({@code entry[].time}). */
public final class EpochSeconds {

    private EpochSeconds() {
    }

    /** @return the instant, or null when the node is missing or not epoch seconds */
    public static Instant read(JsonNode node) {
        if (node.isNumber()) {
            return Instant.ofEpochSecond(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(node.asText().trim()));
            } catch (NumberFormatException | DateTimeException ignored) {
                return null;
            }
        }
        return null;
    }
}
