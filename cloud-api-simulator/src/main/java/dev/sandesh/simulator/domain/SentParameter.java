package dev.sandesh.simulator.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code parameters[]} entry of a send, reduced to what Meta validates (CLOUD-API-MORE §1.1–§1.6).
 *
 * @param type          the parameter's {@code type}, or null when missing / not a string
 * @param parameterName {@code parameter_name} (NAMED templates), or null when absent
 * @param value         the value for its type: {@code text}, {@code payload}, {@code coupon_code}, a media
 *                      object's {@code link} or {@code id}, a currency's / date_time's {@code fallback_value},
 *                      a location's "lat,long", an LTO's {@code expiration_time_ms}, an action as JSON;
 *                      null when missing or not of the right JSON type
 * @param mediaSource   for media: {@code link}, {@code id}, {@code both} or {@code none}; else null
 * @param missingField  the first of {@link #requiredFields(String)} the typed object lacks, or null
 */
public record SentParameter(String type, String parameterName, String value, String mediaSource,
                            String missingField) {

    private static final Set<String> MEDIA = Set.of("image", "video", "document", "gif");
    private static final Set<String> KNOWN = Set.of("text", "payload", "currency", "date_time", "coupon_code",
            "action", "location", "product", "order_status", "limited_time_offer", "tap_target_configuration",
            "image", "video", "document", "gif");

    /** A text parameter without name (positional). */
    public static SentParameter text(String text) {
        return new SentParameter("text", null, text, null, null);
    }

    public static SentParameter named(String name, String text) {
        return new SentParameter("text", name, text, null, null);
    }

    /** Fields the typed object must have besides the value (spec L1830-1849; pywa HeaderLocation; wajs L987). */
    public static List<String> requiredFields(String type) {
        return switch (type == null ? "" : type) {
            case "currency" -> List.of("fallback_value", "code", "amount_1000");
            case "location" -> List.of("latitude", "longitude");
            case "limited_time_offer" -> List.of("expiration_time_ms");
            case "product" -> List.of("catalog_id", "product_retailer_id");
            default -> List.of();
        };
    }

    public boolean media() {
        return type != null && MEDIA.contains(type);
    }

    /**
     * What Meta refuses in the value itself, before it looks at the template: 131009 for a missing,
     * empty or malformed value, 132018 for whitespace Meta does not allow in text (§1.8). Null if fine.
     */
    public CloudApiError problem(String component) {
        if (type == null) {
            return CloudApiError.parameterValueInvalid(component + " parameter: type is required and must be a string.");
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(t)) {
            return CloudApiError.parameterValueInvalid(component + " parameter: type " + type
                    + " is not a valid parameter type.");
        }
        if (MEDIA.contains(t)) {
            if ("both".equals(mediaSource)) {
                // Exactly one of id and link (spec L1859-1877).
                return CloudApiError.parameterValueInvalid(component + " parameter of type " + t
                        + ": give either link or id, not both.");
            }
            if (value == null || value.isBlank()) {
                return CloudApiError.parameterValueInvalid(component + " parameter of type " + t
                        + ": a link or an id is required.");
            }
            if ("link".equals(mediaSource) && !value.regionMatches(true, 0, "https://", 0, 8)
                    && !value.regionMatches(true, 0, "http://", 0, 7)) {
                return CloudApiError.parameterValueInvalid(component + " parameter of type " + t
                        + ": link must be an HTTP or HTTPS URL.");
            }
            return null;
        }
        if (missingField != null) {
            return CloudApiError.parameterValueInvalid(component + " parameter of type " + t + ": " + missingField
                    + " is required.");
        }
        boolean needsValue = switch (t) {
            case "text", "payload", "coupon_code", "currency", "date_time" -> true;
            default -> false;
        };
        if (needsValue && (value == null || value.isEmpty())) {
            return CloudApiError.parameterValueInvalid(component + " parameter of type " + t
                    + ": the value is missing or empty.");
        }
        if (value != null && value.indexOf('\u0000') >= 0) {
            return CloudApiError.parameterValueInvalid(component + " parameter of type " + t
                    + ": the value contains a NUL character.");
        }
        if (t.equals("text") && (value.indexOf('\n') >= 0 || value.indexOf('\t') >= 0 || value.contains("     "))) {
            // Meta's wording (netflie/whatsapp-cloud-api #201; CLOUD-API-MORE §1.8).
            return CloudApiError.parameterValidation(
                    "Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
        }
        return null;
    }
}
