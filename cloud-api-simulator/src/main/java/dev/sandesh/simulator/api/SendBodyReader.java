package dev.sandesh.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.domain.SentComponent;
import dev.sandesh.simulator.domain.SentParameter;
import dev.sandesh.simulator.domain.TemplateSend;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a send body ({@code /messages} and {@code /marketing_messages} take the same one) into
 * the {@link TemplateSend} the rules check. Tolerant like Graph: unknown fields are ignored; a
 * field of the wrong JSON type becomes {@link TemplateSend#MALFORMED} or a null value that the
 * rules refuse. One tree walk per request, nothing else.
 */
@Singleton
public class SendBodyReader {

    private final ObjectMapper mapper;

    public SendBodyReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The parsed send, or null when the body is not a JSON object. */
    public TemplateSend read(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode template = root.path("template");
        return new TemplateSend(
                text(root.get("messaging_product")),
                text(root.get("recipient_type")),
                text(root.get("to")),
                text(root.get("type")),
                text(template.get("name")),
                text(template.path("language").get("code")),
                text(template.path("language").get("policy")),
                components(template.path("components")),
                root.path("biz_opaque_callback_data").isTextual() ? root.get("biz_opaque_callback_data").asText() : null,
                text(root.get("product_policy")),
                root.path("recipient").isTextual() ? root.get("recipient").asText() : null);
    }

    private static List<SentComponent> components(JsonNode components) {
        if (!components.isArray()) {
            return List.of();
        }
        List<SentComponent> list = new ArrayList<>(components.size());
        for (JsonNode component : components) {
            String type = component.path("type").asText("").toLowerCase(Locale.ROOT);
            List<SentComponent.Card> cards = List.of();
            if (component.path("cards").isArray()) {
                cards = new ArrayList<>();
                for (JsonNode card : component.get("cards")) {
                    JsonNode index = card.get("card_index");
                    cards.add(new SentComponent.Card(index == null || index.isNull() ? null : index.asText(),
                            components(card.path("components"))));
                }
            }
            JsonNode index = component.get("index");
            list.add(new SentComponent(type, stringOrNull(component.get("sub_type")),
                    index == null || index.isNull() ? null : index.asText(), parameters(component.path("parameters")),
                    cards));
        }
        return list;
    }

    private static List<SentParameter> parameters(JsonNode parameters) {
        if (!parameters.isArray()) {
            return List.of();
        }
        List<SentParameter> list = new ArrayList<>(parameters.size());
        for (JsonNode parameter : parameters) {
            list.add(parameter(parameter));
        }
        return list;
    }

    /** The value a parameter carries for its type (see {@link SentParameter}). */
    private static SentParameter parameter(JsonNode parameter) {
        String type = stringOrNull(parameter.get("type"));
        JsonNode name = parameter.get("parameter_name");
        String parameterName = name == null || name.isNull() ? null : name.isTextual() ? name.asText() : "";
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        JsonNode typed = parameter.get(t);
        String mediaSource = null;
        String value = switch (t) {
            case "text", "payload", "coupon_code" -> stringOrNull(typed);
            case "image", "video", "document", "gif" -> {
                boolean link = typed != null && typed.hasNonNull("link");
                boolean id = typed != null && typed.hasNonNull("id");
                mediaSource = link && id ? "both" : link ? "link" : id ? "id" : "none";
                yield typed == null ? null : stringOrNull(link ? typed.get("link") : typed.get("id"));
            }
            case "currency", "date_time" -> typed == null ? null : stringOrNull(typed.get("fallback_value"));
            case "location" -> typed == null ? null
                    : typed.path("latitude").asText("") + "," + typed.path("longitude").asText("");
            case "limited_time_offer" -> typed == null || !typed.hasNonNull("expiration_time_ms") ? null
                    : typed.get("expiration_time_ms").asText();
            default -> typed == null ? null : typed.toString();
        };
        String missing = null;
        for (String field : SentParameter.requiredFields(t)) {
            if (typed == null || !typed.hasNonNull(field)) {
                missing = field;
                break;
            }
        }
        return new SentParameter(type, parameterName, value, mediaSource, missing);
    }

    private static String stringOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isTextual() ? node.asText() : TemplateSend.MALFORMED;
    }
}
