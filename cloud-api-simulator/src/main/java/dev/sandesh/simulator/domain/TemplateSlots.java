package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a send of one template must carry, worked out once per template (so the send path only
 * walks a few small lists), and the check of a send against it, in Meta's terms
 * (CLOUD-API-MORE §1): 132000 when a component's parameter count is off (the component named in
 * {@code details}), 132012 when a parameter has the wrong type or naming, 131009 for values out of
 * range (lengths of §1.8, button or card index), 100 for a NAMED template's parameter without a
 * known {@code parameter_name}.
 *
 * @param header      the header parameter expected (null = none)
 * @param bodyNames   body variables in template order ("1", "2"… or the names)
 * @param bodyMax     longest body value: 1,024, or 32,768 for a body-only template (§1.8, wajs L792-854)
 * @param buttonCount buttons of the template (indexes 0..count-1 exist)
 * @param buttons     the buttons that take a parameter, by index
 * @param cards       carousel cards' slots, empty without a carousel
 * @param offer       the template has a limited-time offer with an expiration (§1.6)
 */
public record TemplateSlots(HeaderSlot header, List<String> bodyNames, int bodyMax, int buttonCount,
                            Map<Integer, ButtonSlot> buttons, List<TemplateSlots> cards, boolean offer,
                            ParameterFormat format) {

    /** @param type expected parameter type (text, image…); @param name its variable ("1" or a name) for text */
    public record HeaderSlot(String type, String name) { }

    /**
     * @param subType       the {@code sub_type} a send must give (lower case)
     * @param parameterType the parameter's {@code type}
     * @param maxLength     longest value (URL suffix: 2,000 minus the fixed part), or -1
     * @param required      the send must carry this button (dynamic URL, coupon, OTP, MPM)
     */
    public record ButtonSlot(String subType, String parameterType, int maxLength, boolean required) { }

    static final int HEADER_TEXT_MAX = 60;
    static final int BODY_MAX = 1024;
    static final int BODY_ONLY_MAX = 32768;
    static final int COUPON_MAX = 15;
    static final int PAYLOAD_MAX = 256;
    static final int URL_MAX = 2000;

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    public static TemplateSlots compile(MessageTemplate template) {
        return compile(template.components(), template.parameterFormat());
    }

    static TemplateSlots compile(List<TemplateComponent> components, ParameterFormat format) {
        HeaderSlot header = null;
        List<String> body = List.of();
        boolean bodyOnly = true;
        int buttonCount = 0;
        Map<Integer, ButtonSlot> buttons = new TreeMap<>();
        List<TemplateSlots> cards = new ArrayList<>();
        boolean offer = false;
        for (TemplateComponent component : components) {
            switch (component) {
                case TemplateComponent.Header h -> {
                    bodyOnly = false;
                    header = switch (h.format()) {
                        case TEXT -> {
                            List<String> vars = variables(h.text());
                            yield vars.isEmpty() ? null : new HeaderSlot("text", vars.get(0));
                        }
                        default -> new HeaderSlot(h.format().name().toLowerCase(Locale.ROOT), null);
                    };
                }
                case TemplateComponent.Body b -> body = b.addSecurityRecommendation() && b.text() == null
                        ? List.of("1") // Meta writes an OTP body with one variable, the code (§1.4)
                        : variables(b.text());
                case TemplateComponent.Footer f -> bodyOnly = false;
                case TemplateComponent.Buttons bs -> {
                    bodyOnly = false;
                    buttonCount = bs.buttons().size();
                    for (int i = 0; i < bs.buttons().size(); i++) {
                        ButtonSlot slot = slot(bs.buttons().get(i));
                        if (slot != null) {
                            buttons.put(i, slot);
                        }
                    }
                }
                case TemplateComponent.Carousel c -> {
                    bodyOnly = false;
                    c.cards().forEach(card -> cards.add(compile(card.components(), format)));
                }
                case TemplateComponent.LimitedTimeOffer o -> {
                    bodyOnly = false;
                    offer = o.hasExpiration();
                }
            }
        }
        return new TemplateSlots(header, List.copyOf(body), bodyOnly ? BODY_ONLY_MAX : BODY_MAX, buttonCount,
                Map.copyOf(buttons), List.copyOf(cards), offer, format);
    }

    /** The parameter a button takes when sending (§1.3, §1.4), or null for one that takes none. */
    private static ButtonSlot slot(TemplateButton button) {
        return switch (button) {
            case TemplateButton.Url u -> u.dynamic()
                    ? new ButtonSlot("url", "text", URL_MAX - (u.url().length() - "{{1}}".length()), true) : null;
            case TemplateButton.CopyCode c -> new ButtonSlot("copy_code", "coupon_code", COUPON_MAX, true);
            case TemplateButton.QuickReply q -> new ButtonSlot("quick_reply", "payload", PAYLOAD_MAX, false);
            // Every OTP type is sent as sub_type url, index 0, with the code as text (Meta-copy:copy_code).
            case TemplateButton.Otp o -> new ButtonSlot("url", "text", COUPON_MAX, true);
            case TemplateButton.Flow f -> new ButtonSlot("flow", "action", -1, false);
            case TemplateButton.Catalog c -> new ButtonSlot("catalog", "action", -1, false);
            case TemplateButton.Mpm m -> new ButtonSlot("mpm", "action", -1, true);
            case TemplateButton.PhoneNumber p -> null;
        };
    }

    /** Distinct variables of a text in order of appearance. */
    static List<String> variables(String text) {
        if (text == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    /** Header parameters a send must give. */
    public int headerParameters() {
        return header == null ? 0 : 1;
    }

    /**
     * Checks a send's components; on success {@code values} holds every value it carried.
     *
     * @return the error Meta would answer, or null when the send fits the template
     */
    public CloudApiError check(List<SentComponent> sent, List<SentValue> values) {
        return check(sent, values, null, "");
    }

    private CloudApiError check(List<SentComponent> sent, List<SentValue> values, Integer card, String where) {
        int headerGiven = 0;
        int bodyGiven = 0;
        SentComponent carousel = null;
        SentComponent offerGiven = null;
        for (SentComponent c : sent) {
            switch (c.type()) {
                case "header" -> headerGiven += c.parameters().size();
                case "body" -> bodyGiven += c.parameters().size();
                case "carousel" -> carousel = c;
                case "limited_time_offer" -> offerGiven = c;
                default -> { }
            }
        }
        if (headerGiven != headerParameters()) {
            return CloudApiError.parameterCountMismatch(where + "header", headerGiven, headerParameters());
        }
        if (bodyGiven != bodyNames.size()) {
            return CloudApiError.parameterCountMismatch(where + "body", bodyGiven, bodyNames.size());
        }
        Set<Integer> pressed = new HashSet<>();
        Set<String> namesSeen = new HashSet<>();
        int position = 0;
        for (SentComponent c : sent) {
            CloudApiError error = switch (c.type()) {
                case "header" -> header(c.parameters().get(0), values, card, where);
                case "body" -> {
                    CloudApiError first = null;
                    for (SentParameter p : c.parameters()) {
                        first = body(p, position++, namesSeen, values, card, where);
                        if (first != null) {
                            break;
                        }
                    }
                    yield first;
                }
                case "button" -> button(c, pressed, values, card, where);
                default -> null;
            };
            if (error != null) {
                return error;
            }
        }
        for (Map.Entry<Integer, ButtonSlot> slot : buttons.entrySet()) {
            if (slot.getValue().required() && !pressed.contains(slot.getKey())) {
                return CloudApiError.parameterCountMismatch(where + "button at index " + slot.getKey()
                        + " (" + slot.getValue().subType() + ")", 0, 1);
            }
        }
        CloudApiError cardsError = cards(carousel, values, where);
        if (cardsError != null) {
            return cardsError;
        }
        return offer(offerGiven, values, card, where);
    }

    private CloudApiError header(SentParameter p, List<SentValue> values, Integer card, String where) {
        if (!header.type().equalsIgnoreCase(p.type())) {
            return CloudApiError.parameterFormatMismatch(where + "header: expected a parameter of type "
                    + header.type() + ", received " + p.type());
        }
        String name = header.name();
        if (name != null) {
            CloudApiError naming = naming(p, name, where + "header");
            if (naming != null) {
                return naming;
            }
            if (p.value().length() > HEADER_TEXT_MAX) {
                return CloudApiError.parameterValueInvalid(where + "header: text parameter is longer than "
                        + HEADER_TEXT_MAX + " characters");
            }
        }
        values.add(new SentValue("header", card, null, null, name, p.type(), p.value()));
        return null;
    }

    /** A NAMED template needs parameter_name on each parameter (100); a POSITIONAL one refuses it (132012). */
    private CloudApiError naming(SentParameter p, String expectedName, String where) {
        if (format == ParameterFormat.NAMED) {
            if (p.parameterName() == null || p.parameterName().isEmpty()) {
                return CloudApiError.invalidParameter(where + ": parameter_name is required for every parameter"
                        + " of a template with parameter_format NAMED");
            }
            if (expectedName != null && !expectedName.equals(p.parameterName())) {
                return CloudApiError.invalidParameter(where + ": parameter_name " + p.parameterName()
                        + " is not a variable of the template");
            }
        } else if (p.parameterName() != null) {
            return CloudApiError.parameterFormatMismatch(where + ": parameter_name " + p.parameterName()
                    + " given, but the template's parameter_format is POSITIONAL");
        }
        return null;
    }

    private CloudApiError body(SentParameter p, int position, Set<String> namesSeen, List<SentValue> values,
                               Integer card, String where) {
        String t = p.type().toLowerCase(Locale.ROOT);
        if (!t.equals("text") && !t.equals("currency") && !t.equals("date_time")) {
            // "for text-based templates, only currency, date_time and text are supported" (spec L1736)
            return CloudApiError.parameterFormatMismatch(where + "body: parameter of type " + p.type()
                    + " where text, currency or date_time is expected");
        }
        String name;
        if (format == ParameterFormat.NAMED) {
            CloudApiError naming = naming(p, null, where + "body");
            if (naming != null) {
                return naming;
            }
            if (!bodyNames.contains(p.parameterName())) {
                return CloudApiError.invalidParameter(where + "body: parameter_name " + p.parameterName()
                        + " is not a variable of the template (" + String.join(", ", bodyNames) + ")");
            }
            if (!namesSeen.add(p.parameterName())) {
                return CloudApiError.invalidParameter(where + "body: parameter_name " + p.parameterName()
                        + " is given twice");
            }
            name = p.parameterName();
        } else {
            CloudApiError naming = naming(p, null, where + "body");
            if (naming != null) {
                return naming;
            }
            name = bodyNames.get(position);
        }
        if (p.value().length() > bodyMax) {
            return CloudApiError.parameterValueInvalid(where + "body: parameter " + name + " is longer than "
                    + bodyMax + " characters");
        }
        values.add(new SentValue("body", card, null, null, name, t, p.value()));
        return null;
    }

    private CloudApiError button(SentComponent c, Set<Integer> pressed, List<SentValue> values, Integer card,
                                 String where) {
        int index = index(c.index());
        if (index < 0 || index >= buttonCount) {
            return CloudApiError.parameterValueInvalid(where + "button: index " + c.index()
                    + " is out of range: the template has " + buttonCount + " button(s), indexes from 0");
        }
        if (!pressed.add(index)) {
            return CloudApiError.parameterValueInvalid(where + "button: index " + index + " is given twice");
        }
        ButtonSlot slot = buttons.get(index);
        String at = where + "button at index " + index;
        if (slot == null) {
            return CloudApiError.parameterCountMismatch(at, c.parameters().size(), 0);
        }
        if (c.subType() == null || !slot.subType().equalsIgnoreCase(c.subType())) {
            return CloudApiError.parameterFormatMismatch(at + ": sub_type " + slot.subType() + " expected, received "
                    + c.subType());
        }
        if (c.parameters().size() != 1) {
            return CloudApiError.parameterCountMismatch(at + " (" + slot.subType() + ")", c.parameters().size(), 1);
        }
        SentParameter p = c.parameters().get(0);
        if (!slot.parameterType().equalsIgnoreCase(p.type())) {
            return CloudApiError.parameterFormatMismatch(at + ": parameter of type " + slot.parameterType()
                    + " expected, received " + p.type());
        }
        if (slot.maxLength() >= 0 && p.value() != null && p.value().length() > slot.maxLength()) {
            return CloudApiError.parameterValueInvalid(at + ": " + p.type() + " is longer than " + slot.maxLength()
                    + " characters" + (slot.subType().equals("url") && slot.maxLength() != COUPON_MAX
                    ? " (the URL would exceed " + URL_MAX + ")" : ""));
        }
        values.add(new SentValue("button", card, index, slot.subType(), null, p.type(), p.value()));
        return null;
    }

    private CloudApiError cards(SentComponent carousel, List<SentValue> values, String where) {
        if (cards.isEmpty()) {
            return carousel == null ? null
                    : CloudApiError.parameterCountMismatch(where + "carousel", carousel.cards().size(), 0);
        }
        int given = carousel == null ? 0 : carousel.cards().size();
        if (given != cards.size()) {
            return CloudApiError.parameterCountMismatch("carousel: cards", given, cards.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (SentComponent.Card c : carousel.cards()) {
            int index = index(c.cardIndex());
            if (index < 0 || index >= cards.size() || !seen.add(index)) {
                return CloudApiError.parameterValueInvalid("carousel: card_index " + c.cardIndex()
                        + " is missing, repeated or out of range 0.." + (cards.size() - 1));
            }
            CloudApiError error = cards.get(index).check(c.components(), values, index, "card " + index + " ");
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private CloudApiError offer(SentComponent given, List<SentValue> values, Integer card, String where) {
        int count = given == null ? 0 : given.parameters().size();
        if (count != (offer ? 1 : 0)) {
            return CloudApiError.parameterCountMismatch(where + "limited_time_offer", count, offer ? 1 : 0);
        }
        if (given == null) {
            return null;
        }
        SentParameter p = given.parameters().get(0);
        if (!"limited_time_offer".equals(p.type())) {
            return CloudApiError.parameterFormatMismatch(where + "limited_time_offer: parameter of type "
                    + "limited_time_offer expected, received " + p.type());
        }
        values.add(new SentValue("limited_time_offer", card, null, null, "expiration_time_ms", p.type(), p.value()));
        return null;
    }

    /** Button / card index: a string or a number of 0-9 (the spec's pattern is meaningless, CLOUD-API-MORE §0). */
    private static int index(String raw) {
        if (raw == null || raw.length() != 1 || raw.charAt(0) < '0' || raw.charAt(0) > '9') {
            return -1;
        }
        return raw.charAt(0) - '0';
    }
}
