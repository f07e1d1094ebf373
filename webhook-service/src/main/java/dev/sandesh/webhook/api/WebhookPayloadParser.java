package dev.sandesh.webhook.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.TemplateEvent;
import dev.sandesh.webhook.domain.DeliveryStatus;
import dev.sandesh.webhook.domain.EpochSeconds;
import dev.sandesh.webhook.domain.InboundReply;
import dev.sandesh.webhook.domain.OptOutPolicy;
import dev.sandesh.webhook.domain.OptOutPolicy.Who;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a WhatsApp webhook body, tolerantly (CLOUD-API.md: "unknown fields and enum values must
 * not fail a webhook"): every {@code entry[].changes[].value} is visited, whatever its
 * {@code field}, for {@code statuses[]}, inbound {@code messages[]} (STOP-like texts and buttons;
 * replies to our messages, by {@code context.id}) and {@code user_preferences[]}, each opt-out naming the business
 * number ({@code metadata.phone_number_id}) and the BSUID where Meta gives one ({@code from_user_id},
 * {@code contacts[].user_id}, {@code user_id}, {@code recipient_user_id}; CLOUD-API-MORE §4.5), and every change for the template fields (status, category, quality,
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
     * @param replies  inbound messages answering one of our messages ({@code context.id})
     */
    public record ParsedWebhook(List<StatusEvent> statuses, List<String> skipped, List<OptOut> optOuts,
                                List<TemplateEvent> templateEvents, List<InboundReply> replies) {

        /** Everything this body carries, to write; {@code raw} is null for a replay (archived already). */
        public IngestBatcher.Ingest ingest(RawEvent raw) {
            return new IngestBatcher.Ingest(raw, statuses, optOuts, templateEvents, replies);
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
        List<InboundReply> replies = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            String wabaId = text(entry, "id");
            Instant entryTime = EpochSeconds.read(entry.path("time"));
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = text(value.path("metadata"), "phone_number_id");
                Map<String, String> userIds = userIds(value.path("contacts"));
                TemplateChanges.read(text(change, "field"), value, wabaId, entryTime, receivedAt).ifPresent(templateEvents::add);
                for (JsonNode status : value.path("statuses")) {
                    read(status, receivedAt).ifPresentOrElse(event -> {
                        statuses.add(event);
                        optOutPolicy.fromStatus(event, new Who(event.recipientId(), text(status, "recipient_user_id"), phoneNumberId))
                                .ifPresent(optOuts::add);
                    }, () -> skipped.add(status.path("status").asText("missing")));
                }
                for (JsonNode message : value.path("messages")) {
                    String from = text(message, "from");
                    String userId = text(message, "from_user_id");
                    Who who = new Who(from, userId != null ? userId : contactUserId(userIds, from), phoneNumberId);
                    Instant at = timestamp(message.path("timestamp"), receivedAt);
                    inbound(message, who, at).ifPresent(optOuts::add);
                    reply(message, who, at).ifPresent(replies::add);
                }
                for (JsonNode preference : value.path("user_preferences")) {
                    String waId = text(preference, "wa_id");
                    String userId = text(preference, "user_id");
                    optOutPolicy.fromUserPreference(new Who(waId, userId != null ? userId : contactUserId(userIds, waId), phoneNumberId),
                            text(preference, "category"), text(preference, "value"),
                            timestamp(preference.path("timestamp"), receivedAt)).ifPresent(optOuts::add);
                }
            }
        }
        return new ParsedWebhook(statuses, skipped, optOuts, templateEvents, replies);
    }

    /** {@code contacts[]}: wa_id to user_id (a contact without a wa_id under the key null). */
    private static Map<String, String> userIds(JsonNode contacts) {
        Map<String, String> byWaId = new HashMap<>();
        for (JsonNode contact : contacts) {
            String userId = text(contact, "user_id");
            if (userId != null) {
                byWaId.putIfAbsent(text(contact, "wa_id"), userId);
            }
        }
        return byWaId;
    }

    /** The BSUID {@code contacts[]} gives for {@code waId}; the only contact's when the message names no wa_id. */
    private static String contactUserId(Map<String, String> userIds, String waId) {
        String userId = userIds.get(waId);
        if (userId == null && waId == null && userIds.size() == 1) {
            userId = userIds.values().iterator().next();
        }
        return userId;
    }

    /** An inbound message: a text or a quick-reply / interactive button may be an opt-out or opt-in; other types mean nothing here. */
    private Optional<OptOut> inbound(JsonNode message, Who who, Instant at) {
        return switch (String.valueOf(text(message, "type"))) {
            case "text" -> optOutPolicy.fromText(who, text(message.path("text"), "body"), at);
            case "button" -> optOutPolicy.fromButton(who, text(message.path("button"), "payload"), text(message.path("button"), "text"), at);
            case "interactive" -> {
                JsonNode choice = interactiveChoice(message.path("interactive"));
                yield optOutPolicy.fromButton(who, text(choice, "id"), text(choice, "title"), at);
            }
            default -> Optional.empty();
        };
    }

    private static JsonNode interactiveChoice(JsonNode interactive) {
        JsonNode button = interactive.path("button_reply");
        return button.isObject() ? button : interactive.path("list_reply");
    }

    /**
     * A reply to one of our messages: a text, a quick-reply button or an interactive button / list
     * choice that quotes a wamid ({@code context.id}); a forwarded message is nobody's reply, and other
     * types (media, reactions, flows) are not stored.
     */
    private static Optional<InboundReply> reply(JsonNode message, Who who, Instant at) {
        JsonNode context = message.path("context");
        String messageId = text(message, "id");
        String contextWamid = text(context, "id");
        if (messageId == null || contextWamid == null || context.path("forwarded").asBoolean(false)
                || context.path("frequently_forwarded").asBoolean(false)) {
            return Optional.empty();
        }
        String phone = OptOutPolicy.phone(who.waId()).orElse(null);
        String userId = OptOutPolicy.userId(who.userId());
        return switch (String.valueOf(text(message, "type"))) {
            case "text" -> Optional.of(new InboundReply(messageId, contextWamid, phone, userId, who.phoneNumberId(),
                    InboundReply.Kind.TEXT, text(message.path("text"), "body"), null, at));
            case "button" -> Optional.of(new InboundReply(messageId, contextWamid, phone, userId, who.phoneNumberId(),
                    InboundReply.Kind.BUTTON, text(message.path("button"), "text"), text(message.path("button"), "payload"), at));
            case "interactive" -> {
                JsonNode interactive = message.path("interactive");
                InboundReply.Kind kind = interactive.path("button_reply").isObject() ? InboundReply.Kind.BUTTON_REPLY
                        : interactive.path("list_reply").isObject() ? InboundReply.Kind.LIST_REPLY : null;
                JsonNode choice = interactiveChoice(interactive);
                yield kind == null ? Optional.empty() : Optional.of(new InboundReply(messageId, contextWamid, phone, userId,
                        who.phoneNumberId(), kind, text(choice, "title"), text(choice, "id"), at));
            }
            default -> Optional.empty();
        };
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
