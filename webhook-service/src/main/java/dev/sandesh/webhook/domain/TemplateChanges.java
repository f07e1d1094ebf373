package dev.sandesh.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.contracts.TemplateEvent;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one {@code entry[].changes[]} item as a {@link TemplateEvent}, when it is one of the four
 * template fields (CLOUD-API-MORE §3.1–§3.4). Tolerant like the rest of the webhook: unknown keys
 * and unknown events pass through or are ignored, never an error (§3: "Unknown fields and events
 * must be ignored, never rejected").
 *
 * <p>The kind is decided on the value's keys as well as on {@code field}: Meta's own example of a
 * quality update carries {@code field: message_template_status_update} (§3.3), so a value with
 * {@code new_quality_score} is a quality update whatever its field says, one with
 * {@code new_category} a category update, one with {@code event} a status update.
 */
public final class TemplateChanges {

    static final String STATUS_FIELD = "message_template_status_update";
    static final String CATEGORY_FIELD = "template_category_update";
    static final String QUALITY_FIELD = "message_template_quality_update";
    static final String COMPONENTS_FIELD = "message_template_components_update";
    private static final Set<String> FIELDS = Set.of(STATUS_FIELD, CATEGORY_FIELD, QUALITY_FIELD, COMPONENTS_FIELD);
    private static final Set<String> COMPONENT_KEYS = Set.of("message_template_element", "message_template_title",
            "message_template_footer", "message_template_buttons");

    private TemplateChanges() {
    }

    /**
     * @param field      the change's {@code field}
     * @param value      the change's {@code value}
     * @param wabaId     the entry's {@code id}, or null
     * @param occurredAt the entry's {@code time}, or null
     * @return the event; empty when the change is not about a template, or names no template and language
     */
    public static Optional<TemplateEvent> read(String field, JsonNode value, String wabaId, Instant occurredAt, Instant receivedAt) {
        if (value == null || !value.isObject()) {
            return Optional.empty();
        }
        Optional<TemplateEvent.Kind> kind = kind(field, value);
        String name = text(value, "message_template_name");
        String language = text(value, "message_template_language");
        if (kind.isEmpty() || name == null || language == null) {
            return Optional.empty();
        }
        Instant at = occurredAt == null ? receivedAt : occurredAt;
        String id = text(value, "message_template_id");
        return Optional.of(switch (kind.get()) {
            case STATUS -> new TemplateEvent(TemplateEvent.VERSION, wabaId, id, name, language, TemplateEvent.Kind.STATUS,
                    upper(text(value, "event")), statusReason(value), upper(text(value, "message_template_category")),
                    null, null, null, EpochSeconds.read(value.path("disable_info").path("disable_date")), null, null, at, receivedAt);
            case CATEGORY -> new TemplateEvent(TemplateEvent.VERSION, wabaId, id, name, language, TemplateEvent.Kind.CATEGORY,
                    null, null, null, upper(text(value, "new_category")), upper(text(value, "previous_category")),
                    upper(text(value, "correct_category")), EpochSeconds.read(value.path("category_update_timestamp")),
                    null, null, at, receivedAt);
            case QUALITY -> new TemplateEvent(TemplateEvent.VERSION, wabaId, id, name, language, TemplateEvent.Kind.QUALITY,
                    null, null, null, null, null, null, null, upper(text(value, "previous_quality_score")),
                    upper(text(value, "new_quality_score")), at, receivedAt);
            case COMPONENTS -> new TemplateEvent(TemplateEvent.VERSION, wabaId, id, name, language, TemplateEvent.Kind.COMPONENTS,
                    null, null, null, null, null, null, null, null, null, at, receivedAt);
        });
    }

    /** Keys first (§3.3: Meta's example names the wrong field), then the field name. */
    static Optional<TemplateEvent.Kind> kind(String field, JsonNode value) {
        boolean templateField = field != null && FIELDS.contains(field);
        if (!templateField && !value.has("message_template_name")) {
            return Optional.empty();
        }
        if (value.has("new_quality_score")) {
            return Optional.of(TemplateEvent.Kind.QUALITY);
        }
        if (value.has("new_category")) {
            return Optional.of(TemplateEvent.Kind.CATEGORY);
        }
        if (text(value, "event") != null && (templateField || value.has("message_template_id"))) {
            return Optional.of(TemplateEvent.Kind.STATUS);
        }
        if (COMPONENTS_FIELD.equals(field) || COMPONENT_KEYS.stream().anyMatch(value::has)) {
            return Optional.of(TemplateEvent.Kind.COMPONENTS);
        }
        return Optional.empty();
    }

    /**
     * What an operator should read (§3.1): {@code other_info} on pause and unpause (FIRST_PAUSE,
     * SECOND_PAUSE, RATE_LIMITING_PAUSE, UNPAUSE, DISABLED, and a description), else
     * {@code rejection_info.reason}, else {@code reason} — which is "NONE" on approvals and pauses.
     */
    static String statusReason(JsonNode value) {
        JsonNode other = value.path("other_info");
        String title = text(other, "title");
        String description = text(other, "description");
        if (title != null || description != null) {
            return title == null ? description : description == null ? title : title + " (" + description + ")";
        }
        String rejection = text(value.path("rejection_info"), "reason");
        if (rejection != null) {
            return rejection;
        }
        String reason = text(value, "reason");
        return reason == null || reason.equalsIgnoreCase("NONE") ? null : reason;
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** A scalar as text, whatever its JSON type ({@code message_template_id} is an integer in webhooks, §3.1). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }
}
