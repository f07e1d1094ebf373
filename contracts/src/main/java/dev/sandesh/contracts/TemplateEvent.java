package dev.sandesh.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Meta changed one of the WABA's message templates under us (CLOUD-API-MORE §3.1–§3.4).
 * webhook-service reads it from the webhook and publishes it (outbox, after the commit) to
 * {@link Topology#TEMPLATES}; broadcast-service pauses campaigns on a PAUSED or DISABLED template,
 * lets them resume once it is APPROVED again, re-reads the category, and refreshes its catalogue.
 *
 * <p>Values are kept as Meta wrote them (upper case in practice; consumers compare them
 * case-insensitively), so an event Meta adds later travels as it is and the consumer decides.
 *
 * @param wabaId           the WhatsApp Business Account ({@code entry[].id}); null when absent
 * @param templateId       Meta's template id as a string (an integer in webhooks, a string in Graph, §3.1)
 * @param name             {@code message_template_name}
 * @param language         {@code message_template_language} as written ({@code en-US} in webhooks, §2.1)
 * @param kind             which of the four webhook fields this is
 * @param status           STATUS: the {@code event} (APPROVED, PAUSED, DISABLED, REINSTATED, FLAGGED, …)
 * @param reason           STATUS: why, for operators: {@code other_info.title} (FIRST_PAUSE …) and its
 *                         description, else {@code rejection_info.reason}, else {@code reason} unless NONE
 * @param category         STATUS: {@code message_template_category}, when given
 * @param newCategory      CATEGORY: {@code new_category}; the current category in the impending shape (§3.2)
 * @param previousCategory CATEGORY, done shape: the category before the change
 * @param correctCategory  CATEGORY, impending shape: the category it will become at {@code effectiveAt}
 * @param effectiveAt      CATEGORY: {@code category_update_timestamp}; STATUS DISABLED: {@code disable_info.disable_date}
 * @param previousQuality  QUALITY: {@code previous_quality_score}
 * @param quality          QUALITY: {@code new_quality_score} (GREEN, YELLOW, RED, UNKNOWN)
 * @param occurredAt       Meta's {@code entry[].time} (part of what makes the fact unique), else {@code receivedAt}
 * @param receivedAt       when webhook-service received the webhook
 */
public record TemplateEvent(int version, String wabaId, String templateId, String name, String language, Kind kind,
                            String status, String reason, String category, String newCategory, String previousCategory,
                            String correctCategory, Instant effectiveAt, String previousQuality, String quality,
                            Instant occurredAt, Instant receivedAt) implements WireEvent {

    public static final int VERSION = 1;

    public TemplateEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The webhook field it came from (CLOUD-API-MORE §3.1–§3.4). */
    public enum Kind {
        /** {@code message_template_status_update}. */
        STATUS,
        /** {@code template_category_update}, impending or done. */
        CATEGORY,
        /** {@code message_template_quality_update}. */
        QUALITY,
        /** {@code message_template_components_update}: the content was edited. */
        COMPONENTS
    }

    /** The impending shape of a category update (§3.2): the change is announced, not made yet. */
    public boolean categoryChangeImpending() {
        return kind == Kind.CATEGORY && correctCategory != null && previousCategory == null;
    }

    /**
     * What identifies this fact whatever the number of times Meta delivers it: a retried webhook
     * repeats it exactly, a later pause of the same template has a later {@code occurredAt}.
     */
    public String factKey() {
        return String.join("|", String.valueOf(wabaId), String.valueOf(templateId), name, language, kind.name(),
                String.valueOf(status), String.valueOf(newCategory), String.valueOf(previousCategory),
                String.valueOf(correctCategory), String.valueOf(quality), occurredAt.toString());
    }
}
