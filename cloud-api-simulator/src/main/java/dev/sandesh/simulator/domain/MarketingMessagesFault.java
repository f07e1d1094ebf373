package dev.sandesh.simulator.domain;

import java.util.Set;

/**
 * An MM API error to produce on demand (CLOUD-API-MORE §5): every send through
 * {@code /marketing_messages} (of one template, when {@code templateName} is set) that passes the
 * template checks fails with {@code code} instead of being accepted.
 *
 * @param code 131055, 134100, 134101, 134102 or 131009 (ad sync incomplete)
 */
public record MarketingMessagesFault(int code, String templateName) {

    public static final Set<Integer> CODES = Set.of(CloudApiError.MM_METHOD_NOT_ALLOWED,
            CloudApiError.MM_ONLY_MARKETING, CloudApiError.MM_TEMPLATE_SYNCING, CloudApiError.MM_TEMPLATE_UNAVAILABLE,
            CloudApiError.PARAMETER_VALUE_INVALID);

    public MarketingMessagesFault {
        if (!CODES.contains(code)) {
            throw new IllegalArgumentException("code must be one of 131055, 134100, 134101, 134102, 131009, was " + code);
        }
    }

    public boolean applies(String template) {
        return templateName == null || templateName.equals(template);
    }

    public CloudApiError error(String template) {
        return CloudApiError.marketingMessages(code, template);
    }
}
