package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandesh.contracts.pricing.CostComparison;
import dev.sandesh.contracts.pricing.FxTable;
import dev.sandesh.contracts.pricing.Providers;
import dev.sandesh.contracts.pricing.RateCard;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's cost report: {@code GET /v1/campaigns/{id}/cost} as a table in one currency — what
 * Sandesh paid Meta and what each provider would have charged, with the saving — and a check of
 * every figure against contracts' shipped rate card, FX table and providers.json, recomputed here
 * with {@link CostComparison} from the campaign's own counts.
 */
public final class CostReport {

    private CostReport() {
    }

    public static void print(JsonNode cost, PrintStream out) {
        String cur = cost.path("currency").asText();
        out.println();
        out.printf("Cost, in %s (rate card %s, providers %s, FX %s)%n", cur, cost.path("rateCardVersion").asText(),
                cost.path("providersVersion").asText(), cost.path("fxVersion").asText());
        out.printf("  %,d attempted · %,d delivered · %,d failed; Meta charges the %,d billable delivered only%n",
                cost.path("attempted").asLong(), cost.path("delivered").asLong(), cost.path("failed").asLong(), cost.path("billable").asLong());
        for (JsonNode c : cost.path("byCategory")) {
            out.printf("  Meta %s %s: %,d × card price = %s %s%s%n", c.path("country").asText(), c.path("category").asText(),
                    c.path("billable").asLong(), money(c.path("metaCost")), cur,
                    c.path("originalCurrency").asText().equals(cur) ? "" : " (" + c.path("metaCostOriginal").asText() + " " + c.path("originalCurrency").asText() + ")");
        }
        out.println();
        out.printf("  | %-22s | %14s | %12s | %8s |%n", "", "cost (" + cur + ")", "saving", "saving %");
        out.printf("  |%s|%s|%s|%s|%n", "-".repeat(24), "-".repeat(16), "-".repeat(14), "-".repeat(10));
        out.printf("  | %-22s | %14s | %12s | %8s |%n", "Sandesh (Meta direct)", money(cost.path("metaCost")), "—", "—");
        for (JsonNode p : cost.path("providers")) {
            out.printf("  | %-22s | %14s | %12s | %8s |%n", p.path("label").asText(), money(p.path("cost")), money(p.path("saving")),
                    p.path("savingPercent").isNull() ? "—" : p.path("savingPercent").asText() + " %");
        }
        if (cost.hasNonNull("metaTax")) {
            out.printf("  GST at %s on Meta's fee: %s %s (shown apart, not included above)%n", cost.path("taxRate").asText(),
                    money(cost.path("metaTax")), cur);
        }
        List<String> plans = new ArrayList<>();
        for (JsonNode p : cost.path("providers")) {
            for (JsonNode plan : p.path("monthlyPlans")) {
                plans.add(p.path("label").asText() + " " + plan.path("name").asText() + " " + money(plan.path("amount")) + " " + cur + "/month"
                        + (plan.path("confirmed").asBoolean() ? "" : " (unconfirmed)"));
            }
        }
        if (!plans.isEmpty()) {
            out.println("  Monthly plans, not included above: " + String.join("; ", plans) + ".");
        }
        out.println("  Provider fees in USD converted at the FX table's rate; every fee's source is in contracts' providers.json.");
    }

    /**
     * Each provider's cost and saving recomputed from the campaign's counts with the shipped card,
     * FX table and providers file (all of it Indian marketing delivered on {@code day}); the
     * differences, empty when every figure matches to the paisa.
     */
    public static List<String> check(JsonNode cost, String category, LocalDate day) {
        long billable = cost.path("billable").asLong();
        BigDecimal meta = RateCard.shipped().rate("IN", category, day).orElseThrow().price().multiply(BigDecimal.valueOf(billable));
        var usage = new CostComparison.Usage(day, cost.path("attempted").asLong(), Map.of(131026, cost.path("failed").asLong()),
                List.of(new CostComparison.CategoryUsage(category, billable, meta)));
        List<String> differences = new ArrayList<>();
        if (CostComparison.paisa(meta).compareTo(cost.path("metaCost").decimalValue()) != 0) {
            differences.add("Meta: API " + cost.path("metaCost").asText() + ", rate card " + CostComparison.paisa(meta));
        }
        var expected = new CostComparison(Providers.shipped(), FxTable.shipped(), cost.path("currency").asText()).compare(usage);
        for (var e : expected) {
            JsonNode actual = null;
            for (JsonNode p : cost.path("providers")) {
                if (p.path("name").asText().equals(e.name())) {
                    actual = p;
                }
            }
            if (actual == null || actual.path("cost").decimalValue().compareTo(e.cost()) != 0
                    || actual.path("saving").decimalValue().compareTo(e.saving()) != 0
                    || actual.path("savingPercent").decimalValue().compareTo(e.savingPercent()) != 0) {
                differences.add(e.name() + ": API " + (actual == null ? "missing" : actual.path("cost").asText() + "/" + actual.path("saving").asText())
                        + ", providers.json " + e.cost() + "/" + e.saving() + "/" + e.savingPercent() + " %");
            }
        }
        return differences;
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static String money(JsonNode amount) {
        return amount == null || amount.isNull() || amount.isMissingNode() ? "—" : String.format("%,.2f", amount.decimalValue());
    }
}
