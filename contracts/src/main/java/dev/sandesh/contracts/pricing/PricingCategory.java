package dev.sandesh.contracts.pricing;

import java.util.Locale;
import java.util.Optional;

/**
 * Meta's pricing categories under one spelling. Meta writes the same category three ways —
 * {@code authentication-international} in status webhooks' {@code pricing.category},
 * {@code AUTHENTICATION_INTERNATIONAL} in {@code pricing_analytics}, "Authentication-International"
 * in its rate-card CSV header (CLOUD-API-MORE §6.1, §6.2, §6.5) — so every card, view and
 * comparison keys on {@link #normalise(String)}: lower case, hyphens and spaces as underscores.
 */
public final class PricingCategory {

    public static final String MARKETING = "marketing";
    /** Marketing sent through the Marketing Messages API; Meta bills it at the marketing rate (CLOUD-API-MORE §5). */
    public static final String MARKETING_LITE = "marketing_lite";
    public static final String UTILITY = "utility";
    public static final String AUTHENTICATION = "authentication";
    public static final String AUTHENTICATION_INTERNATIONAL = "authentication_international";

    private PricingCategory() {
    }

    /** {@code "Authentication-International"} → {@code "authentication_international"}; null → {@code ""}. */
    public static String normalise(String category) {
        if (category == null) {
            return "";
        }
        return category.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /**
     * The volume-tier counter a category accrues on, empty when it has no tiers: utility and
     * authentication have tiers, and authentication-international accrues on the authentication
     * counter; marketing has none (CLOUD-API-MORE §6.3).
     */
    public static Optional<String> tierCounter(String category) {
        return switch (normalise(category)) {
            case UTILITY -> Optional.of(UTILITY);
            case AUTHENTICATION, AUTHENTICATION_INTERNATIONAL -> Optional.of(AUTHENTICATION);
            default -> Optional.empty();
        };
    }

    /** Meta's free pricing types: nothing is charged for a message with one (CLOUD-API-MORE §6.1). */
    public static boolean freeType(String pricingType) {
        String t = normalise(pricingType);
        return t.equals("free_customer_service") || t.equals("free_entry_point");
    }
}
