package dev.sandesh.webhook.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.EpochSeconds;
import dev.sandesh.webhook.domain.OptOutPolicy;
import dev.sandesh.webhook.domain.Pricing;
import dev.sandesh.webhook.domain.StatusError;
import dev.sandesh.webhook.domain.StatusEvent;
import dev.sandesh.webhook.domain.TemplateChanges;
import dev.sandesh.webhook.persistence.IngestBatcher;
import dev.sandesh.webhook.persistence.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a WhatsApp webhook body, tolerantly (CLOUD-API.md: "unknown fields and enum values must
 * not fail a webhook"): every {@code entry[].changes[].value} is visited, whatever its
 * {@code field}, for {@code statuses[]}, inbound {@code messages[]} (STOP-like texts and buttons)
 * and {@code user_preferences[]}, and every change for the template fields (status, category, quality,
 * components: {@link TemplateChanges}, CLOUD-API-MORE §3.1–§3.4); statuses without an id or with a status we do not track are
 * skipped and counted, never an error; anything else is ignored. Only a body that is not a JSON
 * object at all is refused, with {@link UnreadableWebhookException}.
 */
@ApplicationScoped
public class WebhookPayloadParser {

    private final ObjectMapper mapper;
    private final OptOutPolicy optOutPolicy;

    WebhookPayloadParser(ObjectMapper mapper, OptOutPolicy optOutPolicy) {
        this.mapper = mapper;
        this.optOutPolicy = optOutPolicy;
    }

    /**
     * @param statuses the statuses we track
     * @param skipped  raw status values we skipped (unknown status, no id), for counting
     * @param optOuts  opt-outs and opt-ins the body carries (keywords, buttons, user_preferences, 131050)
     * @param templateEvents what Meta changed about the WABA's templates
     */
    public record ParsedWebhook(List<StatusEvent> statuses, List<String> skipped, List<OptOut> optOuts,
                                List<TemplateEvent> templateEvents) {

        /** Everything this body carries, to write; {@code raw} is null for a replay (archived already). */
        public IngestBatcher.Ingest ingest(RawEvent raw) {
            return new IngestBatcher.Ingest(raw, statuses, optOuts, templateEvents);
        }
    }

    public ParsedWebhook parse(byte[] body, Instant receivedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableWebhookException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableWebhookException(e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableWebhookException("empty body");
        }
        if (!root.isObject()) {
            throw new UnreadableWebhookException("not a JSON object");
        }
        List<StatusEvent> statuses = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<OptOut> optOuts = new ArrayList<>();
        List<TemplateEvent> templateEvents = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            String wabaId = text(entry, "id");
            Instant entryTime = EpochSeconds.read(entry.path("time"));
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                TemplateChanges.read(text(change, "field"), value, wabaId, entryTime, receivedAt).ifPresent(templateEvents::add);
                for (JsonNode status : value.path("statuses")) {
                    read(status, receivedAt).ifPresentOrElse(event -> {
                        statuses.add(event);
                        optOutPolicy.fromStatus(event).ifPresent(optOuts::add);
                    }, () -> skipped.add(status.path("status").asText("missing")));
                }
                for (JsonNode message : value.path("messages")) {
                    inbound(message, receivedAt).ifPresent(optOuts::add);
                }
                for (JsonNode preference : value.path("user_preferences")) {
                    optOutPolicy.fromUserPreference(text(preference, "wa_id"), text(preference, "category"),
                            text(preference, "value"), timestamp(preference.path("timestamp"), receivedAt)).ifPresent(optOuts::add);
                }
            }
        }
        return new ParsedWebhook(statuses, skipped, optOuts, templateEvents);
    }

    /** An inbound message: a text or a quick-reply button may be an opt-out or opt-in; other types mean nothing here. */
    private Optional<OptOut> inbound(JsonNode message, Instant receivedAt) {
        String from = text(message, "from");
        Instant at = timestamp(message.path("timestamp"), receivedAt);
        String type = text(message, "type");
        if ("text".equals(type)) {
            return optOutPolicy.fromText(from, text(message.path("text"), "body"), at);
        }
        if ("button".equals(type)) {
            JsonNode button = message.path("button");
            return optOutPolicy.fromButton(from, text(button, "payload"), text(button, "text"), at);
        }
        if ("interactive".equals(type)) {
            JsonNode reply = message.path("interactive").path("button_reply");
            return optOutPolicy.fromButton(from, text(reply, "id"), text(reply, "title"), at);
        }
        return Optional.empty();
    }

    private static Optional<StatusEvent> read(JsonNode status, Instant receivedAt) {
        String wamid = text(status, "id");
        Optional<DeliveryStatus> kind = DeliveryStatus.fromWebhook(text(status, "status"));
        if (wamid == null || kind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StatusEvent(wamid, kind.get(), timestamp(status.path("timestamp"), receivedAt),
                text(status, "recipient_id"), pricing(status.path("pricing")), error(status.path("errors"))));
    }

    /** Meta's timestamp is epoch seconds as a string; a missing or odd one falls back to when we received it. */
    private static Instant timestamp(JsonNode node, Instant receivedAt) {
        Instant at = EpochSeconds.read(node);
        return at == null ? receivedAt : at;
    }

    private static Pricing pricing(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        JsonNode billable = node.path("billable");
        return new Pricing(billable.isBoolean() ? billable.booleanValue() : null,
                text(node, "pricing_model"), text(node, "type"), text(node, "category"));
    }

    private static StatusError error(JsonNode errors) {
        if (!errors.isArray() || errors.isEmpty()) {
            return null;
        }
        JsonNode first = errors.get(0);
        JsonNode code = first.path("code");
        Integer value = code.canConvertToInt() ? Integer.valueOf(code.asInt()) : null;
        if (value == null && code.isTextual()) {
            try {
                value = Integer.valueOf(code.asText().trim());
            } catch (NumberFormatException ignored) {
                value = null;
            }
        }
        String title = text(first, "title");
        return new StatusError(value, title == null ? text(first, "message") : title);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNull() || value.isMissingNode() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** The body is not a JSON object. */
    public static class UnreadableWebhookException extends RuntimeException {
        public UnreadableWebhookException(String message) {
            super(message);
        }
    }
}
