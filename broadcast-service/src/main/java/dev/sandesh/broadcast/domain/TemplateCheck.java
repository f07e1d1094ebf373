package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.contracts.TemplateComponents;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A campaign's template, checked against the catalogue before anything is stored or sent: the
 * template exists in that language and is APPROVED; the send-time components (Meta's send API JSON,
 * CLOUD-API-MORE §1) fill in exactly what the template's definition asks for — every variable by name
 * (NAMED) or position (POSITIONAL), no parameter it does not have, media headers by exactly one of
 * {@code link} or {@code id}, buttons by the template's dynamic buttons' {@code sub_type} and index,
 * carousel cards, the offer's expiration — and constant values meet Meta's limits (§1.8). Values with
 * placeholders are left to {@link CheckedTemplate#check} per recipient.
 *
 * <p>Without components, they are derived from the template (the short form): header text, body and
 * URL-suffix variables, NAMED ones from the recipient's variable of that name, POSITIONAL ones from
 * the recipient's parameters in order (body first, then header, then URL suffixes).
 */
public final class TemplateCheck {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FIELD = "template.components";

    /** A campaign-level mistake: the request's field and what is wrong with it. */
    public record Problem(String field, String reason) {
    }

    /** The check's answer: a template to send, or the problems that refuse the campaign. */
    public sealed interface Verdict permits Accepted, Refused {
    }

    public record Accepted(CheckedTemplate template) implements Verdict {
    }

    public record Refused(List<Problem> problems) implements Verdict {
        public Refused {
            problems = List.copyOf(problems);
        }
    }

    private TemplateCheck() {
    }

    /**
     * @param category   the category the caller named, or null; a different one from the catalogue's is refused
     * @param components the request's {@code template.components}, or null to derive them
     */
    public static Verdict campaign(TemplateCatalog catalog, String name, String language, TemplateCategory category, JsonNode components) {
        List<Problem> problems = new ArrayList<>();
        CatalogTemplate template = catalog.find(name, language).orElse(null);
        if (template == null) {
            List<CatalogTemplate> other = catalog.all().stream().filter(t -> t.name().equals(name.trim())).toList();
            if (other.isEmpty()) {
                problems.add(new Problem("template.name", "no template " + name.trim() + " in the catalogue"));
            } else {
                problems.add(new Problem("template.language", "template " + name.trim() + " is not in " + language.trim()
                        + " (it is in " + String.join(", ", other.stream().map(CatalogTemplate::language).toList()) + ")"));
                if (category != null && other.stream().noneMatch(t -> t.category() == category)) {
                    problems.add(new Problem("template.category", "template " + name.trim() + " is a " + other.getFirst().category().wire() + " template"));
                }
            }
            return new Refused(problems);
        }
        if (!template.sendable()) {
            // Meta answers 132001 (not approved), 132015 (paused) or 132016 (disabled): CLOUD-API-MORE §3.1.
            problems.add(new Problem("template.name", "template " + template.name() + " in " + template.language()
                    + " is " + template.status().toUpperCase(Locale.ROOT) + ", not APPROVED"));
        }
        if (category != null && category != template.category()) {
            problems.add(new Problem("template.category", "template " + template.name() + " is a " + template.category().wire() + " template"));
        }
        TemplateDefinition definition = TemplateDefinition.of(template);
        JsonNode derivable = derive(definition, template);
        // Components equal to the derived ones are the short form read back (a stored campaign, an upload): same rules.
        boolean derived = components == null || components.isNull() || components.equals(derivable);
        JsonNode effective = derived ? derivable : components;
        int exactParameters = -1;
        if (derived && template.parameterFormat() == CatalogTemplate.ParameterFormat.POSITIONAL) {
            exactParameters = TemplateComponents.compile(effective).highestPosition();
        }
        if (!effective.isArray()) {
            problems.add(new Problem(FIELD, "must be an array of components, as Meta's send API takes them"));
            return new Refused(problems);
        }
        var checker = new Checker(template, derived);
        checker.components((ArrayNode) effective, definition, FIELD, JsonPointer.empty());
        problems.addAll(checker.problems);
        if (!problems.isEmpty()) {
            return new Refused(problems);
        }
        TemplateComponents compiled;
        try {
            compiled = TemplateComponents.compile(effective);
        } catch (IllegalArgumentException e) {
            return new Refused(List.of(new Problem(FIELD, e.getMessage())));
        }
        return new Accepted(new CheckedTemplate(template, compiled, checker.slots, exactParameters));
    }

    /** The short form's components: every text variable the template has, filled in from the recipient. */
    static ArrayNode derive(TemplateDefinition definition, CatalogTemplate template) {
        boolean named = template.parameterFormat() == CatalogTemplate.ParameterFormat.NAMED;
        ArrayNode out = NODES.arrayNode();
        int[] position = {0};
        ArrayNode body = NODES.arrayNode();
        for (String variable : definition.body()) {
            body.add(text(named ? variable : null, named ? "{{" + variable + "}}" : "{{" + ++position[0] + "}}"));
        }
        if (definition.header() != null && !definition.header().isMedia() && !definition.header().variables().isEmpty()) {
            String variable = definition.header().variables().getFirst();
            ObjectNode header = out.addObject().put("type", "header");
            header.putArray("parameters").add(text(named ? variable : null, named ? "{{" + variable + "}}" : "{{" + ++position[0] + "}}"));
        }
        if (!body.isEmpty()) {
            out.addObject().put("type", "body").set("parameters", body);
        }
        for (TemplateDefinition.Button button : definition.buttons()) {
            if (!button.dynamicUrl() && !button.isOtp()) {
                continue;
            }
            String value;
            if (button.isOtp()) {
                // The code goes in twice: as the body's parameter and as the button's (CLOUD-API-MORE §1.4).
                value = body.isEmpty() ? "{{" + ++position[0] + "}}" : body.get(0).path("text").asText();
            } else if (named) {
                String variable = button.urlVariable();
                value = "{{" + (variable.chars().allMatch(Character::isDigit) ? "button_" + button.index() : variable) + "}}";
            } else {
                value = "{{" + ++position[0] + "}}";
            }
            ObjectNode component = out.addObject().put("type", "button").put("sub_type", "url").put("index", String.valueOf(button.index()));
            component.putArray("parameters").add(text(null, value));
        }
        return out;
    }

    private static ObjectNode text(String parameterName, String value) {
        ObjectNode parameter = NODES.objectNode().put("type", "text");
        if (parameterName != null) {
            parameter.put("parameter_name", parameterName);
        }
        return parameter.put("text", value);
    }

    /** Walks the send-time components against one level of the definition, collecting problems and slots. */
    private static final class Checker {

        final CatalogTemplate template;
        final boolean derived;
        final boolean named;
        final List<Problem> problems = new ArrayList<>();
        final List<CheckedTemplate.Slot> slots = new ArrayList<>();

        Checker(CatalogTemplate template, boolean derived) {
            this.template = template;
            this.derived = derived;
            this.named = template.parameterFormat() == CatalogTemplate.ParameterFormat.NAMED;
        }

        void problem(String field, String reason) {
            problems.add(new Problem(field, derived ? reason + " (no template.components given: only text variables can be derived)" : reason));
        }

        void components(ArrayNode given, TemplateDefinition definition, String field, JsonPointer pointer) {
            boolean header = false;
            boolean body = false;
            boolean carousel = false;
            boolean offer = false;
            Set<Integer> buttons = new HashSet<>();
            for (int i = 0; i < given.size(); i++) {
                JsonNode component = given.get(i);
                String at = field + "[" + i + "]";
                JsonPointer here = pointer.appendIndex(i);
                if (!component.isObject()) {
                    problem(at, "must be an object with a type");
                    continue;
                }
                String type = literal(component, "type", at);
                if (type == null) {
                    continue;
                }
                switch (type) {
                    case "header" -> {
                        if (header) {
                            problem(at, "a second header component");
                        }
                        header = true;
                        header(component, definition, at, here);
                    }
                    case "body" -> {
                        if (body) {
                            problem(at, "a second body component");
                        }
                        body = true;
                        body(component, definition, at, here);
                    }
                    case "button" -> {
                        Integer index = button(component, definition, at, here);
                        if (index != null && !buttons.add(index)) {
                            problem(at + ".index", "button " + index + " is given twice");
                        }
                    }
                    case "carousel" -> {
                        carousel = true;
                        carousel(component, definition, at, here);
                    }
                    case "limited_time_offer" -> {
                        offer = true;
                        offer(component, definition, at);
                    }
                    // Meta's tap-target title override (§1.7) takes no template variable: passed on as given.
                    case "tap_target_configuration" -> {
                    }
                    default -> problem(at + ".type", "must be header, body, button, carousel or limited_time_offer");
                }
            }
            if (!header && definition.header() != null && definition.header().takesParameter()) {
                problem(field, "missing the header component: template " + template.name() + " has a "
                        + definition.header().format() + " header");
            }
            if (!body && !definition.body().isEmpty()) {
                problem(field, "missing the body component: template " + template.name() + " has body variables "
                        + placeholders(definition.body()));
            }
            for (TemplateDefinition.Button button : definition.buttons()) {
                if (button.required() && !buttons.contains(button.index())) {
                    problem(field, "missing the button component for index " + button.index() + " (" + button.type()
                            + ", sub_type " + button.subType() + ")");
                }
            }
            if (!carousel && !definition.cards().isEmpty()) {
                problem(field, "missing the carousel component: template " + template.name() + " has " + definition.cards().size() + " cards");
            }
            if (!offer && definition.offer() != null && definition.offer().expires()) {
                problem(field, "missing the limited_time_offer component: the offer of template " + template.name() + " expires");
            }
        }

        private void header(JsonNode component, TemplateDefinition definition, String at, JsonPointer here) {
            TemplateDefinition.Header header = definition.header();
            if (header == null || !header.takesParameter()) {
                problem(at, "template " + template.name() + (header == null ? " has no header" : " has a header without variables"));
                return;
            }
            JsonNode parameter = single(component, at);
            if (parameter == null) {
                return;
            }
            String pAt = at + ".parameters[0]";
            JsonPointer pHere = here.appendProperty("parameters").appendIndex(0);
            String type = literal(parameter, "type", pAt);
            if (type == null) {
                return;
            }
            String expected = header.format().toLowerCase(Locale.ROOT);
            if (!type.equals(expected)) {
                problem(pAt + ".type", "must be " + expected + ": template " + template.name() + " has a " + header.format() + " header");
                return;
            }
            switch (header.format()) {
                case "TEXT" -> {
                    if (named) {
                        parameterName(parameter, pAt, header.variables());
                    }
                    value(parameter, "text", pAt, pHere, ValueRule.text("header text", ValueRule.HEADER_TEXT), true);
                }
                case "IMAGE", "VIDEO", "DOCUMENT", "GIF" -> {
                    JsonNode media = parameter.get(type);
                    String mAt = pAt + "." + type;
                    JsonPointer mHere = pHere.appendProperty(type);
                    if (media == null || !media.isObject()) {
                        problem(mAt, "must be an object with a link or an id");
                        return;
                    }
                    boolean link = media.hasNonNull("link");
                    boolean id = media.hasNonNull("id");
                    if (link == id) {
                        // Exactly one of them (spec L1859-1877).
                        problem(mAt, "must have exactly one of link or id");
                    } else if (link) {
                        value(media, "link", mAt, mHere, ValueRule.mediaLink(), true);
                    } else {
                        value(media, "id", mAt, mHere, ValueRule.other("media id"), true);
                    }
                    if (header.format().equals("DOCUMENT") && media.has("filename")) {
                        value(media, "filename", mAt, mHere, ValueRule.other("document filename"), true);
                    }
                }
                case "LOCATION" -> {
                    JsonNode location = parameter.path("location");
                    for (String coordinate : List.of("latitude", "longitude")) {
                        if (!location.hasNonNull(coordinate)) {
                            problem(pAt + ".location." + coordinate, "must be given");
                        }
                    }
                }
                case "PRODUCT" -> {
                    JsonNode product = parameter.get("product");
                    for (String key : List.of("catalog_id", "product_retailer_id")) {
                        if (product == null || !product.has(key)) {
                            problem(pAt + ".product." + key, "must be given");
                        } else {
                            value(product, key, pAt + ".product", pHere.appendProperty("product"), ValueRule.other(key), true);
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void body(JsonNode component, TemplateDefinition definition, String at, JsonPointer here) {
            List<String> variables = definition.body();
            JsonNode parameters = component.get("parameters");
            if (variables.isEmpty()) {
                problem(at, "template " + template.name() + "'s body has no variables");
                return;
            }
            if (parameters == null || !parameters.isArray()) {
                problem(at + ".parameters", "must be an array");
                return;
            }
            int limit = definition.bodyOnly() ? ValueRule.BODY_ONLY_TEXT : ValueRule.BODY_TEXT;
            Set<String> given = new HashSet<>();
            for (int i = 0; i < parameters.size(); i++) {
                JsonNode parameter = parameters.get(i);
                String pAt = at + ".parameters[" + i + "]";
                JsonPointer pHere = here.appendProperty("parameters").appendIndex(i);
                if (named) {
                    String name = parameterName(parameter, pAt, variables);
                    if (name != null && !given.add(name)) {
                        problem(pAt + ".parameter_name", name + " is given twice");
                    }
                } else if (parameter.has("parameter_name")) {
                    problem(pAt + ".parameter_name", "must be left out: template " + template.name() + " is POSITIONAL");
                }
                String type = literal(parameter, "type", pAt);
                if (type == null) {
                    continue;
                }
                // "For text-based templates, only currency, date_time and text are supported" (spec L1736).
                switch (type) {
                    case "text" -> value(parameter, "text", pAt, pHere, ValueRule.text("body text", limit), true);
                    case "currency" -> {
                        JsonNode currency = parameter.path("currency");
                        value(parameter.path("currency"), "fallback_value", pAt + ".currency", pHere.appendProperty("currency"),
                                ValueRule.text("currency fallback_value", limit), true);
                        value(currency, "code", pAt + ".currency", pHere.appendProperty("currency"), ValueRule.text("ISO 4217 code", 3), true);
                        if (!currency.path("amount_1000").canConvertToInt()) {
                            problem(pAt + ".currency.amount_1000", "must be a whole number (the amount × 1000, int32)");
                        }
                    }
                    case "date_time" -> value(parameter.path("date_time"), "fallback_value", pAt + ".date_time",
                            pHere.appendProperty("date_time"), ValueRule.text("date_time fallback_value", limit), true);
                    default -> problem(pAt + ".type", "must be text, currency or date_time");
                }
            }
            if (named) {
                List<String> missing = variables.stream().filter(v -> !given.contains(v)).toList();
                if (!missing.isEmpty()) {
                    problem(at + ".parameters", "missing parameter_name " + String.join(", ", missing)
                            + ": template " + template.name() + "'s body has " + placeholders(variables));
                }
            } else if (parameters.size() != variables.size()) {
                // Meta answers 132000 for a count that differs from the template's (CLOUD-API-MORE §1.2).
                problem(at + ".parameters", "has " + parameters.size() + " parameter(s): template " + template.name()
                        + "'s body has " + variables.size());
            }
        }

        private Integer button(JsonNode component, TemplateDefinition definition, String at, JsonPointer here) {
            String subType = literal(component, "sub_type", at);
            JsonNode indexNode = component.get("index");
            Integer index = null;
            if (indexNode != null && indexNode.canConvertToInt() && indexNode.isNumber()) {
                index = indexNode.intValue();
            } else if (indexNode != null && indexNode.isTextual() && indexNode.asText().matches("\\d")) {
                index = Integer.parseInt(indexNode.asText());
            }
            // Meta's index is the button's 0-based position, 0-9, as a string or a number (CLOUD-API-MORE §1.3).
            if (index == null || index < 0 || index > 9) {
                problem(at + ".index", "must be the button's 0-based position in the template, 0 to 9");
                return null;
            }
            TemplateDefinition.Button button = definition.button(index);
            if (button == null) {
                problem(at + ".index", "template " + template.name() + " has no button at index " + index);
                return index;
            }
            if (button.subType() == null) {
                problem(at, "button " + index + " of template " + template.name() + " (" + button.type()
                        + ") takes no parameters: leave it out");
                return index;
            }
            if (subType == null) {
                return index;
            }
            if (!subType.equals(button.subType())) {
                problem(at + ".sub_type", "must be " + button.subType() + ": button " + index + " of template "
                        + template.name() + " is " + (button.isOtp() ? "an OTP" : "a " + button.type()) + " button");
                return index;
            }
            JsonNode parameter = single(component, at);
            if (parameter == null) {
                return index;
            }
            String pAt = at + ".parameters[0]";
            JsonPointer pHere = here.appendProperty("parameters").appendIndex(0);
            String type = literal(parameter, "type", pAt);
            String expected = switch (subType) {
                case "url" -> "text";
                case "quick_reply" -> "payload";
                case "copy_code" -> "coupon_code";
                default -> "action";
            };
            if (type == null) {
                return index;
            }
            if (!type.equals(expected)) {
                problem(pAt + ".type", "must be " + expected + " for a " + subType + " button");
                return index;
            }
            switch (subType) {
                case "url" -> {
                    if (button.isOtp()) {
                        value(parameter, "text", pAt, pHere, ValueRule.text("one-time code", ValueRule.COUPON_CODE), true);
                    } else {
                        JsonNode text = parameter.get("text");
                        // Only the suffix is sent: Meta appends it to the template's URL (CLOUD-API-MORE §1.3).
                        if (text != null && text.isTextual() && text.asText().matches("(?i)^https?://.*")) {
                            problem(pAt + ".text", "is only the suffix appended to the template's URL " + button.url()
                                    + ": give the part that replaces {{" + button.urlVariable() + "}}, not a whole URL");
                        } else {
                            value(parameter, "text", pAt, pHere, ValueRule.urlSuffix(button.urlBase()), true);
                        }
                    }
                }
                case "quick_reply" -> value(parameter, "payload", pAt, pHere, ValueRule.text("quick-reply payload", ValueRule.PAYLOAD), true);
                case "copy_code" -> value(parameter, "coupon_code", pAt, pHere, ValueRule.text("coupon code", ValueRule.COUPON_CODE), true);
                case "mpm" -> {
                    JsonNode sections = parameter.path("action").path("sections");
                    if (!sections.isArray() || sections.isEmpty() || sections.size() > 10) {
                        problem(pAt + ".action.sections", "must hold 1 to 10 sections");
                    } else {
                        for (int s = 0; s < sections.size(); s++) {
                            JsonNode items = sections.get(s).path("product_items");
                            if (!items.isArray() || items.isEmpty() || items.size() > 30) {
                                problem(pAt + ".action.sections[" + s + "].product_items", "must hold 1 to 30 products");
                            }
                        }
                    }
                }
                default -> {
                    if (!parameter.path("action").isObject()) {
                        problem(pAt + ".action", "must be an object");
                    }
                }
            }
            return index;
        }

        private void carousel(JsonNode component, TemplateDefinition definition, String at, JsonPointer here) {
            if (definition.cards().isEmpty()) {
                problem(at, "template " + template.name() + " has no carousel");
                return;
            }
            JsonNode cards = component.get("cards");
            if (cards == null || !cards.isArray() || cards.size() != definition.cards().size()) {
                problem(at + ".cards", "must hold the " + definition.cards().size() + " cards of template " + template.name());
                return;
            }
            Set<Integer> seen = new HashSet<>();
            for (int c = 0; c < cards.size(); c++) {
                JsonNode card = cards.get(c);
                String cAt = at + ".cards[" + c + "]";
                JsonNode cardIndex = card.get("card_index");
                if (cardIndex == null || !cardIndex.canConvertToInt() || cardIndex.intValue() < 0
                        || cardIndex.intValue() >= definition.cards().size() || !seen.add(cardIndex.intValue())) {
                    problem(cAt + ".card_index", "must be a distinct card position, 0 to " + (definition.cards().size() - 1));
                    continue;
                }
                JsonNode cardComponents = card.get("components");
                if (cardComponents == null || !cardComponents.isArray()) {
                    problem(cAt + ".components", "must be an array");
                    continue;
                }
                components((ArrayNode) cardComponents, definition.cards().get(cardIndex.intValue()), cAt + ".components",
                        here.appendProperty("cards").appendIndex(c).appendProperty("components"));
            }
        }

        private void offer(JsonNode component, TemplateDefinition definition, String at) {
            if (definition.offer() == null) {
                problem(at, "template " + template.name() + " is not a limited-time offer");
                return;
            }
            JsonNode parameter = single(component, at);
            if (parameter == null) {
                return;
            }
            JsonNode expiration = parameter.path("limited_time_offer").path("expiration_time_ms");
            String eAt = at + ".parameters[0].limited_time_offer.expiration_time_ms";
            if (!expiration.isIntegralNumber()) {
                problem(eAt, "must be a Unix time in milliseconds, as a number");
            } else if (expiration.longValue() < 100_000_000_000L) {
                // pywa sends seconds here, a bug that makes the offer expire in 1970 (CLOUD-API-MORE §1.6).
                problem(eAt, "must be in milliseconds: " + expiration.longValue() + " looks like seconds");
            }
        }

        /** The one parameter of a header, button or offer component. */
        private JsonNode single(JsonNode component, String at) {
            JsonNode parameters = component.get("parameters");
            if (parameters == null || !parameters.isArray() || parameters.size() != 1 || !parameters.get(0).isObject()) {
                problem(at + ".parameters", "must hold exactly one parameter");
                return null;
            }
            return parameters.get(0);
        }

        /** A structural field (type, sub_type, parameter_name): a plain string, lower-cased, never a placeholder. */
        private String literal(JsonNode node, String key, String at) {
            JsonNode value = node.get(key);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                problem(at + "." + key, "must be given");
                return null;
            }
            if (value.asText().contains("{{")) {
                problem(at + "." + key, "must not be a placeholder");
                return null;
            }
            return value.asText().trim().toLowerCase(Locale.ROOT);
        }

        private String parameterName(JsonNode parameter, String at, List<String> variables) {
            JsonNode name = parameter.get("parameter_name");
            if (name == null || !name.isTextual()) {
                // Meta answers #100 for a NAMED template's parameter without its name (CLOUD-API-MORE §1.2).
                problem(at + ".parameter_name", "must be given: template " + template.name() + " is NAMED ("
                        + placeholders(variables) + ")");
                return null;
            }
            if (!variables.contains(name.asText())) {
                problem(at + ".parameter_name", "template " + template.name() + " has no variable " + name.asText()
                        + " here (it has " + placeholders(variables) + ")");
                return null;
            }
            return name.asText();
        }

        /** A parameter value: checked now when constant, per recipient when it holds a placeholder. */
        private void value(JsonNode parent, String key, String at, JsonPointer here, ValueRule rule, boolean required) {
            JsonNode value = parent.get(key);
            String field = at + "." + key;
            if (value == null || value.isNull()) {
                if (required) {
                    problem(field, "must be given");
                }
                return;
            }
            if (!value.isTextual()) {
                problem(field, "must be a string");
                return;
            }
            if (TemplateComponents.hasPlaceholders(value.asText())) {
                slots.add(new CheckedTemplate.Slot(field, here.appendProperty(key), rule));
                return;
            }
            String problem = rule.problem(value.asText());
            if (problem != null) {
                problem(field, problem);
            }
        }

        private static String placeholders(List<String> variables) {
            return String.join(" ", variables.stream().map(v -> "{{" + v + "}}").toList());
        }
    }
}
