package dev.sandesh.simulator.domain;

import java.util.Locale;
import java.util.Set;

/**
 * One {@code template.components[].parameters[]} entry, reduced to what Meta validates.
 *
 * @param component      {@code header}, {@code body} or {@code button}
 * @param type           the parameter's {@code type}, or null when missing / not a string
 * @param value          the value for its type: {@code text}, {@code payload}, a media object's
 *                       {@code link} or {@code id}, a currency's / date_time's {@code fallback_value};
 *                       null when missing or not a string
 */
public record TemplateParameter(String component, String type, String value) {

    private static final Set<String> MEDIA = Set.of("image", "video", "document");
    private static final Set<String> OTHER = Set.of("text", "payload", "currency", "date_time", "coupon_code",
            "action", "location", "product", "order_status", "limited_time_offer", "tap_target_configuration");

    /** Why this parameter's value is not valid (131009), or null if it is. */
    public String problem() {
        if (type == null) {
            return component + " parameter: type is required and must be a string.";
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (!MEDIA.contains(t) && !OTHER.contains(t)) {
            return component + " parameter: type " + type + " is not a valid parameter type.";
        }
        if (t.equals("text") || t.equals("payload") || MEDIA.contains(t) || t.equals("currency") || t.equals("date_time")) {
            if (value == null || value.isBlank()) {
                return component + " parameter of type " + t + ": the value is missing or empty.";
            }
        }
        if (t.equals("text") && (value.indexOf('\n') >= 0 || value.indexOf('\t') >= 0 || value.contains("     "))) {
            // Meta's wording for body variables.
            return "Param text cannot have new-line/tab characters or more than 4 consecutive spaces";
        }
        return null;
    }
}
