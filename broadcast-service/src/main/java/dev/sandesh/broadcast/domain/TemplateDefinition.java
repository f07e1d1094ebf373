package dev.sandesh.broadcast.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a catalogue template (Meta's <em>definition</em> components, CLOUD-API-MORE §2.1) asks of a
 * send: which header it has, its body variables, which buttons take a parameter, its carousel cards
 * and whether it is a limited-time offer. One level of it: a carousel card is a definition of its own.
 *
 * @param header    the HEADER, or null when there is none
 * @param body      the BODY's variables in order of appearance ({@code customer} or {@code 1}), distinct
 * @param buttons   every button, by its 0-based index
 * @param cards     the CAROUSEL's cards, empty when there is no carousel
 * @param offer     the LIMITED_TIME_OFFER, or null
 * @param bodyOnly  true when the template has nothing but a BODY, which lifts Meta's body-parameter limit
 *                  from 1,024 to 32,768 characters (CLOUD-API-MORE §1.1)
 */
public record TemplateDefinition(Header header, List<String> body, List<Button> buttons, List<TemplateDefinition> cards,
                                 Offer offer, boolean bodyOnly) {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    /** @param format TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, PRODUCT, GIF (upper case) */
    public record Header(String format, List<String> variables) {

        public boolean isMedia() {
            return !format.equals("TEXT");
        }

        /** A text header without variables takes no component; every other header does. */
        public boolean takesParameter() {
            return isMedia() || !variables.isEmpty();
        }
    }

    /**
     * @param type Meta's button type, upper case: URL, QUICK_REPLY, COPY_CODE, OTP, FLOW, CATALOG, MPM,
     *             PHONE_NUMBER, VOICE_CALL, …
     * @param url  the URL of a URL button, with its {@code {{1}}} when the suffix is dynamic
     */
    public record Button(int index, String type, String url, boolean authentication) {

        /** A URL with a variable; an OTP button, which Meta lists as URL in authentication templates (§1.4). */
        public boolean isOtp() {
            return type.equals("OTP") || (authentication && type.equals("URL"));
        }

        public boolean dynamicUrl() {
            return type.equals("URL") && url != null && VARIABLE.matcher(url).find();
        }

        /** The send-time {@code sub_type} of this button's component, or null when it takes no parameter. */
        public String subType() {
            if (isOtp() || dynamicUrl()) {
                return "url";
            }
            return switch (type) {
                case "QUICK_REPLY" -> "quick_reply";
                case "COPY_CODE" -> "copy_code";
                case "FLOW" -> "flow";
                case "CATALOG" -> "catalog";
                case "MPM" -> "mpm";
                default -> null;
            };
        }

        /** Must a send carry this button's component? Quick replies, flows and catalogs may leave it out. */
        public boolean required() {
            return isOtp() || dynamicUrl() || type.equals("COPY_CODE") || type.equals("MPM");
        }

        /** The part of the URL before the variable: what a URL suffix is appended to. */
        public String urlBase() {
            if (url == null) {
                return "";
            }
            Matcher m = VARIABLE.matcher(url);
            return m.find() ? url.substring(0, m.start()) + url.substring(m.end()) : url;
        }

        /** The variable in the URL ({@code 1} or a name), or null. */
        public String urlVariable() {
            if (url == null) {
                return null;
            }
            Matcher m = VARIABLE.matcher(url);
            return m.find() ? m.group(1) : null;
        }
    }

    /** @param expires the offer has an expiration, so a send must give {@code expiration_time_ms} */
    public record Offer(boolean expires) {
    }

    public Button button(int index) {
        return buttons.stream().filter(b -> b.index() == index).findFirst().orElse(null);
    }

    /** Reads a catalogue template's definition components. */
    public static TemplateDefinition of(CatalogTemplate template) {
        return of(template.components(), template.category() == TemplateCategory.AUTHENTICATION);
    }

    static TemplateDefinition of(JsonNode components, boolean authentication) {
        Header header = null;
        List<String> body = List.of();
        List<Button> buttons = new ArrayList<>();
        List<TemplateDefinition> cards = new ArrayList<>();
        Offer offer = null;
        boolean bodyOnly = true;
        for (JsonNode component : components) {
            String type = upper(component.path("type").asText(""));
            if (!type.equals("BODY")) {
                bodyOnly = false;
            }
            switch (type) {
                case "HEADER" -> header = new Header(upper(component.path("format").asText("TEXT")),
                        variables(component.path("text").asText("")));
                case "BODY" -> body = variables(component.path("text").asText(""));
                case "BUTTONS" -> {
                    int index = 0;
                    for (JsonNode button : component.path("buttons")) {
                        JsonNode url = button.get("url");
                        buttons.add(new Button(index++, upper(button.path("type").asText("")),
                                url == null || !url.isTextual() ? null : url.asText(), authentication));
                    }
                }
                case "CAROUSEL" -> {
                    for (JsonNode card : component.path("cards")) {
                        cards.add(of(card.path("components"), authentication));
                    }
                }
                case "LIMITED_TIME_OFFER" -> offer = new Offer(component.path("limited_time_offer").path("has_expiration").asBoolean(false));
                default -> {
                    // FOOTER and anything newer take no send-time parameters.
                }
            }
        }
        return new TemplateDefinition(header, body, List.copyOf(buttons), List.copyOf(cards), offer, bodyOnly);
    }

    private static List<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    private static String upper(String value) {
        return value.trim().toUpperCase(Locale.ROOT);
    }
}
