package dev.sandesh.contracts.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The third-party providers a brand compares Sandesh with, as data: {@code providers.json} beside
 * this class (versioned; every fee with its source and date), or an operator's file of the same
 * shape ({@code sandesh.cost.providers-file}, a ConfigMap in Kubernetes).
 */
public record Providers(String version, List<Provider> providers) {

    private static final String SHIPPED = "/dev/sandesh/contracts/pricing/providers.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param note what the model leaves out, shown with the comparison (may be empty) */
    public record Provider(String name, String label, String note, List<ProviderFee> fees) {
    }

    public static Providers shipped() {
        try (InputStream in = Providers.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the classpath");
            }
            return parse(JSON.readTree(in), SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Providers fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(JSON.readTree(in), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read providers " + file, e);
        }
    }

    static Providers parse(JsonNode root, String origin) {
        List<Provider> providers = new ArrayList<>();
        for (JsonNode p : root.path("providers")) {
            String name = text(p, "name", origin).toLowerCase(Locale.ROOT);
            List<ProviderFee> fees = new ArrayList<>();
            int i = 0;
            for (JsonNode f : p.path("fees")) {
                String where = origin + ": " + name + ".fees[" + i++ + "]";
                try {
                    fees.add(fee(f, where));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
            }
            providers.add(new Provider(name, p.path("label").asText(name), p.path("note").asText(""), List.copyOf(fees)));
        }
        if (providers.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no providers");
        }
        return new Providers(root.path("version").asText("unversioned"), List.copyOf(providers));
    }

    private static ProviderFee fee(JsonNode f, String where) {
        LocalDate from = f.hasNonNull("from") ? LocalDate.parse(f.get("from").asText()) : null;
        String source = text(f, "source", where);
        boolean confirmed = f.path("confirmed").asBoolean(false);
        String kind = text(f, "kind", where);
        return switch (kind) {
            case "per_attempt" -> new ProviderFee.PerAttempt(amount(f, "amount", where), currency(f, where), from, source, confirmed);
            case "per_failed" -> {
                List<Integer> exempt = new ArrayList<>();
                f.path("exemptErrorCodes").forEach(c -> exempt.add(c.asInt()));
                yield new ProviderFee.PerFailed(amount(f, "amount", where), currency(f, where), List.copyOf(exempt), from, source, confirmed);
            }
            case "bundled_per_delivered" -> new ProviderFee.BundledPerDelivered(category(f, where), amount(f, "amount", where),
                    currency(f, where), from, source, confirmed);
            case "markup_per_delivered" -> new ProviderFee.MarkupPerDelivered(category(f, where), amount(f, "amount", where),
                    currency(f, where), from, source, confirmed);
            case "surcharge_percent" -> new ProviderFee.SurchargePercent(category(f, where), amount(f, "percent", where), from, source, confirmed);
            case "monthly_plan" -> new ProviderFee.MonthlyPlan(text(f, "name", where), amount(f, "amount", where), currency(f, where),
                    from, source, confirmed);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    private static String text(JsonNode node, String field, String where) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + " is required");
        }
        return value;
    }

    private static BigDecimal amount(JsonNode node, String field, String where) {
        BigDecimal value = new BigDecimal(text(node, field, where));
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative");
        }
        return value;
    }

    private static String currency(JsonNode node, String where) {
        return text(node, "currency", where).toUpperCase(Locale.ROOT);
    }

    private static String category(JsonNode node, String where) {
        return PricingCategory.normalise(text(node, "category", where));
    }
}
