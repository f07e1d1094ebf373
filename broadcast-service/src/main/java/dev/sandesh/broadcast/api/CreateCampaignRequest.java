package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.broadcast.domain.MessagingLimit;
import dev.sandesh.broadcast.domain.TemplateCategory;
import dev.sandesh.broadcast.domain.TextRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/** The body of {@code POST /v1/campaigns}. Absent options are left out of the Idempotency-Key fingerprint. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record CreateCampaignRequest(
        @Schema(description = "A name people recognise", examples = "Diwali 2025 offer") String name,
        TemplateInput template,
        @Schema(description = "Meta's id of the business number to send from; defaults to sandesh.broadcast.phone-number-id")
        String phoneNumberId,
        @Schema(description = "Recipients inline; may be empty (or absent) when start is false and recipients are uploaded later")
        List<RecipientInput> recipients,
        @Schema(description = "false: create a DRAFT to add recipients to (POST /v1/campaigns/{id}/recipients) and start later. Default true")
        Boolean start,
        @Schema(description = "Start at this time instead of now: the campaign is SCHEDULED", examples = "2025-10-20T09:00:00Z")
        Instant startAt,
        @Schema(description = "When the campaign exceeds what is left of the number's messaging limit: refuse it (default) or spread it over 24 h windows",
                enumeration = {"refuse", "spread"})
        String overLimit) {

    /** The short form: inline recipients, started now. */
    public CreateCampaignRequest(String name, TemplateInput template, String phoneNumberId, List<RecipientInput> recipients) {
        this(name, template, phoneNumberId, recipients, null, null, null);
    }

    /**
     * An approved template of the catalogue, by name and language.
     *
     * @param category   optional: the catalogue's category is the one used; a different one is refused
     * @param components optional: exactly Meta's send API {@code template.components} (CLOUD-API-MORE §1), where
     *                   any string value may hold {@code {{variable}}} or {@code {{1}}} placeholders resolved per
     *                   recipient; absent → derived from the template (text variables from recipients)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record TemplateInput(
            @Schema(examples = "sandesh_demo") String name,
            @Schema(examples = "en") String language,
            @Schema(enumeration = {"marketing", "utility", "authentication"}) String category,
            @Schema(description = "Meta's send-time template.components; string values may be {{placeholders}}")
            JsonNode components) {

        public TemplateInput(String name, String language, String category) {
            this(name, language, category, null);
        }
    }

    /**
     * @param phone      any common format; numbers without a country code are read in sandesh.broadcast.default-region
     * @param parameters positional values, in order: the template's body parameters in the short form, {@code {{1}}},
     *                   {@code {{2}}}… in components
     * @param externalId the caller's own id for this person, echoed in rejections and outcomes
     * @param variables  named values, resolving {@code {{name}}} placeholders (and a NAMED template's variables)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RecipientInput(
            @Schema(examples = "+91 98123 45678") String phone,
            List<String> parameters,
            String externalId,
            Map<String, String> variables) {

        public RecipientInput(String phone, List<String> parameters, String externalId) {
            this(phone, parameters, externalId, null);
        }
    }

    public boolean startsNow() {
        return !Boolean.FALSE.equals(start) && startAt == null;
    }

    public MessagingLimit.OverLimit overLimitMode() {
        return parseOverLimit(overLimit).orElse(MessagingLimit.OverLimit.REFUSE);
    }

    static Optional<MessagingLimit.OverLimit> parseOverLimit(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "refuse" -> Optional.of(MessagingLimit.OverLimit.REFUSE);
            case "spread" -> Optional.of(MessagingLimit.OverLimit.SPREAD);
            default -> Optional.empty();
        };
    }

    /** Everything wrong with the request's shape, by field; empty when it may be processed. */
    public List<Problem.FieldError> problems() {
        List<Problem.FieldError> errors = new ArrayList<>();
        storable(errors, "name", name);
        storable(errors, "phoneNumberId", phoneNumberId);
        storable(errors, "overLimit", overLimit);
        requireText(errors, "name", name);
        if (name != null && name.length() > 200) {
            errors.add(new Problem.FieldError("name", "must be at most 200 characters"));
        }
        if (template == null) {
            errors.add(new Problem.FieldError("template", "must not be null"));
        } else {
            storable(errors, "template.name", template.name());
            storable(errors, "template.language", template.language());
            storable(errors, "template.category", template.category());
            storable(errors, "template.components", template.components());
            requireText(errors, "template.name", template.name());
            requireText(errors, "template.language", template.language());
            if (template.category() != null && TemplateCategory.fromWire(template.category()).isEmpty()) {
                errors.add(new Problem.FieldError("template.category", "must be one of marketing, utility, authentication"));
            }
        }
        if (phoneNumberId != null && !phoneNumberId.matches("\\d{1,32}")) {
            errors.add(new Problem.FieldError("phoneNumberId", "must be Meta's numeric phone number id"));
        }
        if (Boolean.FALSE.equals(start) && startAt != null) {
            errors.add(new Problem.FieldError("startAt", "cannot be combined with \"start\": false"));
        }
        if (overLimit != null && parseOverLimit(overLimit).isEmpty()) {
            errors.add(new Problem.FieldError("overLimit", "must be refuse or spread"));
        }
        boolean draft = Boolean.FALSE.equals(start);
        if (recipients == null || recipients.isEmpty()) {
            if (!draft) {
                errors.add(new Problem.FieldError("recipients", "must not be empty"));
            }
        } else {
            for (int i = 0; i < recipients.size(); i++) {
                RecipientInput recipient = recipients.get(i);
                if (recipient == null) {
                    errors.add(new Problem.FieldError("recipients[" + i + "]", "must not be null"));
                } else if (recipient.parameters() != null && recipient.parameters().contains(null)) {
                    errors.add(new Problem.FieldError("recipients[" + i + "].parameters", "must not contain null"));
                } else if (recipient.variables() != null && recipient.variables().containsValue(null)) {
                    errors.add(new Problem.FieldError("recipients[" + i + "].variables", "must be strings, not null"));
                } else {
                    storable(errors, "recipients[" + i + "]", recipient);
                }
            }
        }
        return errors;
    }

    /** A text that PostgreSQL cannot store (NUL, a lone surrogate) is refused here, naming the field, instead of failing the insert. */
    private static void storable(List<Problem.FieldError> errors, String field, String value) {
        TextRules.problem(value).ifPresent(reason -> errors.add(new Problem.FieldError(field, reason)));
    }

    private static void storable(List<Problem.FieldError> errors, String field, RecipientInput recipient) {
        storable(errors, field + ".phone", recipient.phone());
        storable(errors, field + ".externalId", recipient.externalId());
        if (recipient.parameters() != null) {
            for (int p = 0; p < recipient.parameters().size(); p++) {
                storable(errors, field + ".parameters[" + p + "]", recipient.parameters().get(p));
            }
        }
        if (recipient.variables() != null) {
            recipient.variables().forEach((name, value) -> {
                if (TextRules.problem(name).isPresent()) {
                    storable(errors, field + ".variables", name);
                } else {
                    storable(errors, field + ".variables." + name, value);
                }
            });
        }
    }

    /** Every field name and string value of Meta's components, by JSON path. */
    private static void storable(List<Problem.FieldError> errors, String field, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            storable(errors, field, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                storable(errors, field + "[" + i + "]", node.get(i));
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var entry = fields.next();
                if (TextRules.problem(entry.getKey()).isPresent()) {
                    storable(errors, field, entry.getKey());
                } else {
                    storable(errors, field + "." + entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private static void requireText(List<Problem.FieldError> errors, String field, String value) {
        if (isBlank(value)) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
