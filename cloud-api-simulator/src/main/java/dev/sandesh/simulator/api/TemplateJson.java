package dev.sandesh.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.simulator.domain.MessageTemplate;
import dev.sandesh.simulator.domain.ParameterFormat;
import dev.sandesh.simulator.domain.TemplateButton;
import dev.sandesh.simulator.domain.TemplateCategory;
import dev.sandesh.simulator.domain.TemplateComponent;
import dev.sandesh.simulator.domain.TemplateStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Templates in the JSON of Meta's template-management API (CLOUD-API-MORE §2.1, M/templates/template-management):
 * written for {@code GET /{WABA-ID}/message_templates}, read from the default catalogue
 * ({@code templates/default-templates.json}) and from {@code PUT /_simulator/templates/{name}/{language}}.
 * Values go into ordered maps, so Jackson writes them in Meta's field order without reflection.
 */
public final class TemplateJson {

    /** Fields Graph returns when {@code fields} is not given (§2.1). */
    public static final Set<String> DEFAULT_FIELDS = Set.of("name", "parameter_format", "components", "language",
            "status", "category", "id");

    /** Prefix of the URL a stored authentication template reports for its OTP button (§1.4, Meta-copy:copy_code). */
    static final String OTP_URL = "https://www.whatsapp.com/otp/code/?otp_type=";

    private TemplateJson() {
    }

    /** One template with the requested fields ({@code id} always, as Graph does). */
    public static Map<String, Object> write(MessageTemplate t, Set<String> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (fields.contains("name")) {
            m.put("name", t.name());
        }
        if (fields.contains("parameter_format")) {
            m.put("parameter_format", t.parameterFormat().name());
        }
        if (fields.contains("components")) {
            m.put("components", t.components().stream().map(c -> component(c, t.parameterFormat())).toList());
        }
        if (fields.contains("language")) {
            m.put("language", t.language());
        }
        if (fields.contains("status")) {
            m.put("status", t.status().name());
        }
        if (fields.contains("category")) {
            m.put("category", t.category().name());
        }
        if (fields.contains("quality_score")) {
            m.put("quality_score", Map.of("score", t.qualityScore()));
        }
        m.put("id", t.id());
        return m;
    }

    static Map<String, Object> component(TemplateComponent component, ParameterFormat format) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (component) {
            case TemplateComponent.Header h -> {
                m.put("type", "HEADER");
                m.put("format", h.format().name());
                if (h.text() != null) {
                    m.put("text", h.text());
                }
                if (!h.examples().isEmpty()) {
                    m.put("example", examples(h.examples(), format, "header_text"));
                } else if (h.handle() != null) {
                    m.put("example", Map.of("header_handle", List.of(h.handle())));
                }
            }
            case TemplateComponent.Body b -> {
                m.put("type", "BODY");
                if (b.text() != null) {
                    m.put("text", b.text());
                }
                if (b.addSecurityRecommendation()) {
                    m.put("add_security_recommendation", true);
                }
                if (!b.examples().isEmpty()) {
                    m.put("example", examples(b.examples(), format, "body_text"));
                }
            }
            case TemplateComponent.Footer f -> {
                m.put("type", "FOOTER");
                if (f.text() != null) {
                    m.put("text", f.text());
                }
                if (f.codeExpirationMinutes() != null) {
                    m.put("code_expiration_minutes", f.codeExpirationMinutes());
                }
            }
            case TemplateComponent.Buttons bs -> {
                m.put("type", "BUTTONS");
                m.put("buttons", bs.buttons().stream().map(TemplateJson::button).toList());
            }
            case TemplateComponent.Carousel c -> {
                m.put("type", "CAROUSEL");
                m.put("cards", c.cards().stream().map(card -> Map.of("components",
                        card.components().stream().map(cc -> component(cc, format)).toList())).toList());
            }
            case TemplateComponent.LimitedTimeOffer o -> {
                m.put("type", "LIMITED_TIME_OFFER");
                Map<String, Object> offer = new LinkedHashMap<>();
                offer.put("text", o.text());
                offer.put("has_expiration", o.hasExpiration());
                m.put("limited_time_offer", offer);
            }
        }
        return m;
    }

    /** {@code body_text: [["a","b"]]} for POSITIONAL, {@code body_text_named_params: [{param_name, example}]} for NAMED. */
    private static Map<String, Object> examples(List<TemplateComponent.Example> examples, ParameterFormat format,
                                                String key) {
        if (format == ParameterFormat.NAMED) {
            return Map.of(key + "_named_params", examples.stream()
                    .map(e -> Map.of("param_name", e.name(), "example", e.value())).toList());
        }
        List<String> values = examples.stream().map(TemplateComponent.Example::value).toList();
        // Meta nests body examples one level deeper than header ones.
        return Map.of(key, key.equals("body_text") ? List.of(values) : values);
    }

    static Map<String, Object> button(TemplateButton button) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (button) {
            case TemplateButton.QuickReply q -> {
                m.put("type", "QUICK_REPLY");
                m.put("text", q.text());
            }
            case TemplateButton.Url u -> {
                m.put("type", "URL");
                m.put("text", u.text());
                m.put("url", u.url());
                if (u.dynamic() && u.example() != null) {
                    m.put("example", List.of(u.example()));
                }
            }
            case TemplateButton.CopyCode c -> {
                m.put("type", "COPY_CODE");
                m.put("text", c.text());
                m.put("example", c.example());
            }
            case TemplateButton.PhoneNumber p -> {
                m.put("type", "PHONE_NUMBER");
                m.put("text", p.text());
                m.put("phone_number", p.phoneNumber());
            }
            case TemplateButton.Otp o -> {
                // A stored authentication template reports its OTP button as a URL button (CLOUD-API-MORE §1.4),
                // which is why it is sent as sub_type url, index 0; otp_type is kept for readers that look for it.
                m.put("type", "URL");
                m.put("text", o.text());
                m.put("url", OTP_URL + o.otpType() + "&code=otp{{1}}");
                m.put("otp_type", o.otpType());
                if (o.packageName() != null) {
                    m.put("autofill_text", o.autofillText());
                    m.put("package_name", o.packageName());
                    m.put("signature_hash", o.signatureHash());
                }
            }
            case TemplateButton.Flow f -> {
                m.put("type", "FLOW");
                m.put("text", f.text());
                m.put("flow_id", f.flowId());
                m.put("flow_action", f.flowAction());
                if (f.navigateScreen() != null) {
                    m.put("navigate_screen", f.navigateScreen());
                }
            }
            case TemplateButton.Catalog c -> {
                m.put("type", "CATALOG");
                m.put("text", c.text());
            }
            case TemplateButton.Mpm mpm -> {
                m.put("type", "MPM");
                m.put("text", mpm.text());
            }
        }
        return m;
    }

    /**
     * A template from Meta's JSON ({@code name}, {@code language}, {@code category}, {@code components}, and
     * optionally {@code id}, {@code status}, {@code parameter_format}, {@code quality_score.score}).
     *
     * @throws IllegalArgumentException naming the first thing that is not Meta's shape
     */
    public static MessageTemplate read(JsonNode t, String defaultId) {
        if (t == null || !t.isObject()) {
            throw new IllegalArgumentException("a template must be a JSON object");
        }
        ParameterFormat format = ParameterFormat.valueOf(t.path("parameter_format").asText("POSITIONAL")
                .toUpperCase(Locale.ROOT));
        return new MessageTemplate(t.path("id").asText(defaultId), required(t, "name"), required(t, "language"),
                TemplateStatus.valueOf(t.path("status").asText("APPROVED").toUpperCase(Locale.ROOT)),
                TemplateCategory.parse(required(t, "category")), format,
                components(t.path("components")), t.path("quality_score").path("score").asText(null));
    }

    public static List<TemplateComponent> components(JsonNode components) {
        if (!components.isArray()) {
            throw new IllegalArgumentException("components must be an array");
        }
        List<TemplateComponent> list = new ArrayList<>();
        for (JsonNode c : components) {
            list.add(readComponent(c));
        }
        return list;
    }

    private static TemplateComponent readComponent(JsonNode c) {
        String type = required(c, "type").toUpperCase(Locale.ROOT);
        JsonNode example = c.path("example");
        return switch (type) {
            case "HEADER" -> {
                TemplateComponent.HeaderFormat format = TemplateComponent.HeaderFormat.valueOf(
                        c.path("format").asText("TEXT").toUpperCase(Locale.ROOT));
                String handle = example.path("header_handle").path(0).asText(null);
                yield new TemplateComponent.Header(format, text(c, "text"), readExamples(example, "header_text"),
                        handle);
            }
            case "BODY" -> new TemplateComponent.Body(text(c, "text"), readExamples(example, "body_text"),
                    c.path("add_security_recommendation").asBoolean(false));
            case "FOOTER" -> new TemplateComponent.Footer(text(c, "text"),
                    c.hasNonNull("code_expiration_minutes") ? c.get("code_expiration_minutes").asInt() : null);
            case "BUTTONS" -> {
                List<TemplateButton> buttons = new ArrayList<>();
                c.path("buttons").forEach(b -> buttons.add(readButton(b)));
                yield new TemplateComponent.Buttons(buttons);
            }
            case "CAROUSEL" -> {
                List<TemplateComponent.Card> cards = new ArrayList<>();
                c.path("cards").forEach(card -> cards.add(new TemplateComponent.Card(components(card.path("components")))));
                if (cards.isEmpty() || cards.size() > 10) {
                    throw new IllegalArgumentException("a carousel has 1 to 10 cards (CLOUD-API-MORE §1.5)");
                }
                yield new TemplateComponent.Carousel(cards);
            }
            case "LIMITED_TIME_OFFER" -> new TemplateComponent.LimitedTimeOffer(
                    c.path("limited_time_offer").path("text").asText(""),
                    c.path("limited_time_offer").path("has_expiration").asBoolean(false));
            default -> throw new IllegalArgumentException("unknown component type " + type);
        };
    }

    private static List<TemplateComponent.Example> readExamples(JsonNode example, String key) {
        List<TemplateComponent.Example> list = new ArrayList<>();
        JsonNode named = example.path(key + "_named_params");
        if (named.isArray()) {
            named.forEach(e -> list.add(new TemplateComponent.Example(e.path("param_name").asText(),
                    e.path("example").asText())));
            return list;
        }
        JsonNode positional = example.path(key);
        if (positional.path(0).isArray()) {
            positional = positional.get(0);
        }
        int i = 1;
        for (JsonNode e : positional) {
            list.add(new TemplateComponent.Example(String.valueOf(i++), e.asText()));
        }
        return list;
    }

    private static TemplateButton readButton(JsonNode b) {
        String type = required(b, "type").toUpperCase(Locale.ROOT);
        String text = b.path("text").asText("");
        return switch (type) {
            case "QUICK_REPLY" -> new TemplateButton.QuickReply(text);
            case "URL" -> b.path("url").asText("").startsWith(OTP_URL) || b.has("otp_type")
                    ? otp(b, text) : new TemplateButton.Url(text, required(b, "url"), b.path("example").path(0).asText(null));
            case "OTP" -> otp(b, text);
            case "COPY_CODE" -> new TemplateButton.CopyCode(text.isEmpty() ? "Copy offer code" : text,
                    b.path("example").isArray() ? b.path("example").path(0).asText() : b.path("example").asText(null));
            case "PHONE_NUMBER" -> new TemplateButton.PhoneNumber(text, required(b, "phone_number"));
            case "FLOW" -> new TemplateButton.Flow(text, b.path("flow_id").asText(null),
                    b.path("flow_action").asText("navigate"), b.path("navigate_screen").asText(null));
            case "CATALOG" -> new TemplateButton.Catalog(text);
            case "MPM" -> new TemplateButton.Mpm(text);
            default -> throw new IllegalArgumentException("unknown button type " + type);
        };
    }

    private static TemplateButton otp(JsonNode b, String text) {
        String otpType = b.path("otp_type").asText("COPY_CODE").toUpperCase(Locale.ROOT);
        if (!Set.of("COPY_CODE", "ONE_TAP", "ZERO_TAP").contains(otpType)) {
            throw new IllegalArgumentException("otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP");
        }
        return new TemplateButton.Otp(otpType, text, b.path("autofill_text").asText(null),
                b.path("package_name").asText(null), b.path("signature_hash").asText(null));
    }

    private static String required(JsonNode node, String field) {
        if (!node.path(field).isTextual() || node.get(field).asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return node.get(field).asText();
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.get(field).asText() : null;
    }
}
