package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change Meta makes to a template and notifies on the webhook (CLOUD-API-MORE §3.1–§3.4):
 * applied to the registry translation, and written as the {@code changes[].value} of field
 * {@link #field()}. Values are ordered maps so the payload reads like Meta's examples.
 */
public sealed interface TemplateEvent {

    /** Events of {@code message_template_status_update} (§3.1; UNARCHIVED is pywa's). */
    Set<String> STATUS_EVENTS = Set.of("APPROVED", "ARCHIVED", "DELETED", "DISABLED", "FLAGGED", "IN_APPEAL",
            "LIMIT_EXCEEDED", "LOCKED", "PAUSED", "PENDING", "PENDING_DELETION", "REINSTATED", "REJECTED",
            "UNARCHIVED");

    Set<String> QUALITY_SCORES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");

    /** The webhook field, e.g. {@code message_template_status_update}. */
    String field();

    /** The template after the change. */
    MessageTemplate apply(MessageTemplate template);

    /** {@code changes[].value}, for the template as it was before the change. */
    Map<String, Object> value(MessageTemplate before, long nowEpochSecond);

    /**
     * @param reason        Meta's reason (NONE on approvals and pauses, null when scheduled for deletion)
     * @param otherTitle    {@code other_info.title} (FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE, UNPAUSE,
     *                      DISABLED), or null for the default of the event
     * @param description   {@code other_info.description} or {@code rejection_info.reason}, or null
     */
    record Status(String event, String reason, String otherTitle, String description) implements TemplateEvent {
        public Status {
            if (event == null || !STATUS_EVENTS.contains(event)) {
                throw new IllegalArgumentException("event must be one of " + new java.util.TreeSet<>(STATUS_EVENTS));
            }
        }

        @Override
        public String field() {
            return "message_template_status_update";
        }

        @Override
        public MessageTemplate apply(MessageTemplate template) {
            return template.withStatus(TemplateStatus.afterEvent(event, template.status()));
        }

        @Override
        public Map<String, Object> value(MessageTemplate before, long now) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("event", event);
            // An integer here, a string in Graph responses (§3.1).
            v.put("message_template_id", Long.parseLong(before.id()));
            v.put("message_template_name", before.name());
            v.put("message_template_language", before.language());
            v.put("reason", reason != null ? reason : event.equals("PENDING_DELETION") ? null : "NONE");
            v.put("message_template_category", before.category().name());
            switch (event) {
                case "DISABLED" -> v.put("disable_info", Map.of("disable_date", now));
                case "PAUSED" -> v.put("other_info", otherInfo(otherTitle != null ? otherTitle : "FIRST_PAUSE",
                        description != null ? description
                                : "Your WhatsApp message template has been paused for 3 hours due to low quality."));
                case "REINSTATED" -> {
                    if (before.status() == TemplateStatus.PAUSED || otherTitle != null) {
                        v.put("other_info", otherInfo(otherTitle != null ? otherTitle : "UNPAUSE",
                                description != null ? description : "Your WhatsApp message template has been unpaused."));
                    }
                }
                case "REJECTED" -> {
                    if ("INVALID_FORMAT".equals(reason)) {
                        // rejection_info only for INVALID_FORMAT (§3.1).
                        Map<String, Object> info = new LinkedHashMap<>();
                        info.put("reason", description != null ? description
                                : "Your template has parameters placed next to each other.");
                        info.put("recommendation", "Separate parameters with descriptive text.");
                        v.put("rejection_info", info);
                    }
                }
                default -> { }
            }
            return v;
        }

        private static Map<String, Object> otherInfo(String title, String description) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("title", title);
            info.put("description", description);
            return info;
        }
    }

    /**
     * {@code template_category_update} (§3.2): done (the registry takes {@code newCategory}) or, with
     * {@code impendingAt}, a notice that the template becomes {@code newCategory} then (the registry
     * keeps the current category).
     */
    record Category(TemplateCategory newCategory, Long impendingAt) implements TemplateEvent {
        @Override
        public String field() {
            return "template_category_update";
        }

        @Override
        public MessageTemplate apply(MessageTemplate template) {
            return impendingAt == null ? template.withCategory(newCategory) : template;
        }

        @Override
        public Map<String, Object> value(MessageTemplate before, long now) {
            Map<String, Object> v = ids(before);
            if (impendingAt == null) {
                v.put("previous_category", before.category().name());
                v.put("new_category", newCategory.name());
            } else {
                // Impending: new_category holds the current one, correct_category the coming one.
                v.put("new_category", before.category().name());
                v.put("correct_category", newCategory.name());
                v.put("category_update_timestamp", impendingAt);
            }
            return v;
        }
    }

    /** {@code message_template_quality_update} (§3.3). */
    record Quality(String newScore) implements TemplateEvent {
        public Quality {
            if (newScore == null || !QUALITY_SCORES.contains(newScore)) {
                throw new IllegalArgumentException("quality score must be GREEN, YELLOW, RED or UNKNOWN");
            }
        }

        @Override
        public String field() {
            return "message_template_quality_update";
        }

        @Override
        public MessageTemplate apply(MessageTemplate template) {
            return template.withQualityScore(newScore);
        }

        @Override
        public Map<String, Object> value(MessageTemplate before, long now) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("previous_quality_score", before.qualityScore());
            v.put("new_quality_score", newScore);
            v.putAll(ids(before));
            return v;
        }
    }

    /** {@code message_template_components_update} (§3.4; pywa:types/templates.py L465-485): new content. */
    record Components(List<TemplateComponent> components) implements TemplateEvent {
        public Components {
            components = List.copyOf(components);
        }

        @Override
        public String field() {
            return "message_template_components_update";
        }

        @Override
        public MessageTemplate apply(MessageTemplate template) {
            return template.withComponents(components);
        }

        @Override
        public Map<String, Object> value(MessageTemplate before, long now) {
            Map<String, Object> v = ids(before);
            List<Map<String, Object>> buttons = new ArrayList<>();
            for (TemplateComponent c : components) {
                switch (c) {
                    case TemplateComponent.Body b -> v.put("message_template_element", b.text());
                    case TemplateComponent.Header h -> {
                        if (h.text() != null) {
                            v.put("message_template_title", h.text());
                        }
                    }
                    case TemplateComponent.Footer f -> v.put("message_template_footer", f.text());
                    case TemplateComponent.Buttons bs -> bs.buttons().forEach(b -> buttons.add(button(b)));
                    default -> { }
                }
            }
            if (!buttons.isEmpty()) {
                v.put("message_template_buttons", buttons);
            }
            return v;
        }

        private static Map<String, Object> button(TemplateButton b) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_template_button_type", switch (b) {
                case TemplateButton.QuickReply q -> "QUICK_REPLY";
                case TemplateButton.Url u -> "URL";
                case TemplateButton.CopyCode c -> "COPY_CODE";
                case TemplateButton.PhoneNumber p -> "PHONE_NUMBER";
                case TemplateButton.Otp o -> "OTP";
                case TemplateButton.Flow f -> "FLOW";
                case TemplateButton.Catalog c -> "CATALOG";
                case TemplateButton.Mpm mpm -> "MPM";
            });
            m.put("message_template_button_text", b.text());
            if (b instanceof TemplateButton.Url u) {
                m.put("message_template_button_url", u.url());
            }
            if (b instanceof TemplateButton.PhoneNumber p) {
                m.put("message_template_button_phone_number", p.phoneNumber());
            }
            return m;
        }
    }

    private static Map<String, Object> ids(MessageTemplate t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("message_template_id", Long.parseLong(t.id()));
        v.put("message_template_name", t.name());
        v.put("message_template_language", t.language());
        return v;
    }
}
