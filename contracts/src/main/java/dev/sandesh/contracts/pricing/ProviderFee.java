package dev.sandesh.contracts.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One part of a provider's published price model (CLOUD-API-MORE §7). Every fee carries the day it
 * applies from ({@code from}, null: as long as the source is known), its source, and whether the
 * figure is the provider's own ({@code confirmed}) or a competitor's or comparison site's.
 */
public sealed interface ProviderFee {

    LocalDate from();

    String source();

    boolean confirmed();

    /** The name used in {@code providers.json} and in the {@code provider_fee} table. */
    String kind();

    default boolean inForce(LocalDate day) {
        return from() == null || !from().isAfter(day);
    }

    /** A fee for every message the provider would have sent (its platform fee), on top of Meta's. */
    record PerAttempt(BigDecimal amount, String currency, LocalDate from, String source, boolean confirmed) implements ProviderFee {
        public String kind() {
            return "per_attempt";
        }
    }

    /** A fee for every message that ends failed, except those failing with one of {@code exemptErrorCodes}. */
    record PerFailed(BigDecimal amount, String currency, List<Integer> exemptErrorCodes, LocalDate from, String source,
                     boolean confirmed) implements ProviderFee {
        public String kind() {
            return "per_failed";
        }
    }

    /** One price per delivered message of {@code category} that includes Meta's fee (which then is not added). */
    record BundledPerDelivered(String category, BigDecimal amount, String currency, LocalDate from, String source,
                               boolean confirmed) implements ProviderFee {
        public String kind() {
            return "bundled_per_delivered";
        }
    }

    /** The provider's markup per delivered message of {@code category}, on top of Meta's fee. */
    record MarkupPerDelivered(String category, BigDecimal amount, String currency, LocalDate from, String source,
                              boolean confirmed) implements ProviderFee {
        public String kind() {
            return "markup_per_delivered";
        }
    }

    /** {@code percent} of Meta's fee for {@code category} added on top. */
    record SurchargePercent(String category, BigDecimal percent, LocalDate from, String source, boolean confirmed) implements ProviderFee {
        public String kind() {
            return "surcharge_percent";
        }
    }

    /** A monthly plan: shown beside a campaign's cost, never spread over its messages. */
    record MonthlyPlan(String name, BigDecimal amount, String currency, LocalDate from, String source, boolean confirmed) implements ProviderFee {
        public String kind() {
            return "monthly_plan";
        }
    }
}
