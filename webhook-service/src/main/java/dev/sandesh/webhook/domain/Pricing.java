package dev.sandesh.webhook.domain;

/**
 * The {@code pricing} object of a status webhook. Any field may be missing: {@code billable} is
 * being deprecated by Meta, and new categories appear without notice.
 */
public record Pricing(Boolean billable, String pricingModel, String type, String category) {

    /**
     * Meta sends the same pricing with {@code sent} and with one of {@code delivered}/{@code read}.
     * Should two ever differ, the result must not depend on which webhook arrived first, so the
     * merge is a join, field by field: billable if any says so; for text, a value beats none and
     * two values are ordered alphabetically (arbitrary, but the same every time).
     */
    public static Pricing join(Pricing a, Pricing b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new Pricing(
                joinBillable(a.billable, b.billable),
                joinText(a.pricingModel, b.pricingModel),
                joinText(a.type, b.type),
                joinText(a.category, b.category));
    }

    private static Boolean joinBillable(Boolean a, Boolean b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a || b;
    }

    private static String joinText(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }

    public boolean isEmpty() {
        return billable == null && pricingModel == null && type == null && category == null;
    }
}
