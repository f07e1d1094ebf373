package dev.sandesh.sender.domain;

import java.util.Map;

/**
 * Where a template message is posted: Cloud API's {@code /messages}, or the Marketing Messages API's
 * {@code /marketing_messages} (CLOUD-API-MORE §5). The MM API takes marketing templates only (a utility
 * or authentication template there is 134100), so only a marketing template on a number configured for
 * it goes there; everything else stays on {@code /messages}. Same body either way, plus
 * {@code product_policy} on the MM API when configured.
 */
public enum SendEndpoint {

    MESSAGES("messages"),
    MARKETING_MESSAGES("marketing_messages");

    private final String path;

    SendEndpoint(String path) {
        this.path = path;
    }

    /** The last segment of {@code POST /{version}/{phone-number-id}/<path>}. */
    public String path() {
        return path;
    }

    /**
     * @param category              the template's category as the batch carries it ({@code marketing}, any case)
     * @param phoneNumberId         the business number sending it
     * @param marketingMessagesApi  {@code sandesh.sender.marketing-messages-api."<phone-number-id>"}: numbers onboarded to the MM API
     */
    public static SendEndpoint of(String category, String phoneNumberId, Map<String, Boolean> marketingMessagesApi) {
        boolean onboarded = phoneNumberId != null && Boolean.TRUE.equals(marketingMessagesApi.get(phoneNumberId));
        return onboarded && "marketing".equalsIgnoreCase(category) ? MARKETING_MESSAGES : MESSAGES;
    }
}
