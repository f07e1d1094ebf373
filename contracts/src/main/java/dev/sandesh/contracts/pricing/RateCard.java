package dev.sandesh.contracts.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Meta's price per delivered template message, by country × category × effective date, and the
 * volume tiers of utility and authentication: the one source for estimates, actual costs and the
 * demo's cost report. The shipped card ({@code rate-card.csv} and {@code volume-tiers.csv} beside
 * this class) names the source of every row and carries a {@code # version:} line; an operator can
 * load their own files of the same columns instead. Categories are keyed by
 * {@link PricingCategory#normalise(String)}. A row with an empty price marks a rate Meta changed
 * to a figure we have no source for: from that day the category is unpriced, not priced at the
 * old rate.
 */
public final class RateCard {

    private static final String SHIPPED = "/dev/sandesh/contracts/pricing/rate-card.csv";
    private static final String SHIPPED_TIERS = "/dev/sandesh/contracts/pricing/volume-tiers.csv";

    /**
     * One row of the card: from {@code effectiveFrom} on, until a later row for the same country and
     * category. {@code price} null: unpriced from that day (Meta changed it; no source for the figure).
     */
    public record Rate(LocalDate effectiveFrom, String country, String category, BigDecimal price, String currency, String source) {
    }

    /**
     * A volume tier: the {@code fromVolume}+1-th to {@code toVolume}-th charged message of a month
     * (null: no upper bound) on a tier counter ({@link PricingCategory#tierCounter}) in a country
     * costs {@code price}. Marginal: each message pays the tier it falls in (CLOUD-API-MORE §6.3).
     */
    public record VolumeTier(LocalDate effectiveFrom, String country, String category, long fromVolume, Long toVolume,
                             BigDecimal price, String currency, String source) {
    }

    private final List<Rate> rates;
    private final List<VolumeTier> tiers;
    private final String version;

    private RateCard(List<Rate> rates, List<VolumeTier> tiers, String version) {
        this.rates = rates.stream()
                .sorted(Comparator.comparing(Rate::effectiveFrom).reversed())
                .toList();
        this.tiers = tiers.stream()
                .sorted(Comparator.comparing(VolumeTier::effectiveFrom).reversed().thenComparing(VolumeTier::fromVolume))
                .toList();
        this.version = version;
    }

    /** The card shipped with Sandesh. */
    public static RateCard shipped() {
        try (InputStream in = RateCard.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the classpath");
            }
            RateCard card = parse(in, SHIPPED);
            try (InputStream tiers = RateCard.class.getResourceAsStream(SHIPPED_TIERS)) {
                return tiers == null ? card : card.withTiers(parseTiers(tiers, SHIPPED_TIERS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same card with the volume tiers of an operator's file (columns of {@code volume-tiers.csv}). */
    public RateCard withTiersFrom(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return withTiers(parseTiers(in, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read volume tiers " + file, e);
        }
    }

    RateCard withTiers(List<VolumeTier> volumeTiers) {
        return new RateCard(rates, volumeTiers, version);
    }

    /** A card read from an operator's file with the same columns as the shipped one. */
    public static RateCard fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rate card " + file, e);
        }
    }

    static RateCard parse(InputStream in, String origin) throws IOException {
        List<Rate> rates = new ArrayList<>();
        String version = "unversioned";
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.startsWith("# version:")) {
                    version = trimmed.substring("# version:".length()).strip();
                    continue;
                }
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", 6);
                if (cells.length < 5) {
                    throw new IllegalArgumentException(origin + ":" + number + ": expected effective_from,country,category,price,currency[,source]");
                }
                try {
                    String price = cells[3].strip();
                    rates.add(new Rate(LocalDate.parse(cells[0].strip()), cells[1].strip().toUpperCase(Locale.ROOT),
                            PricingCategory.normalise(cells[2]), price.isEmpty() ? null : new BigDecimal(price), cells[4].strip(),
                            cells.length > 5 ? cells[5].strip() : ""));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return new RateCard(rates, List.of(), version);
    }

    static List<VolumeTier> parseTiers(InputStream in, String origin) throws IOException {
        List<VolumeTier> tiers = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", 8);
                if (cells.length < 7) {
                    throw new IllegalArgumentException(origin + ":" + number
                            + ": expected effective_from,country,category,from_volume,to_volume,price,currency[,source]");
                }
                try {
                    String to = cells[4].strip();
                    tiers.add(new VolumeTier(LocalDate.parse(cells[0].strip()), cells[1].strip().toUpperCase(Locale.ROOT),
                            PricingCategory.normalise(cells[2]), Long.parseLong(cells[3].strip()),
                            to.isEmpty() || to.equalsIgnoreCase("MAX") ? null : Long.valueOf(to), new BigDecimal(cells[5].strip()),
                            cells[6].strip(), cells.length > 7 ? cells[7].strip() : ""));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return tiers;
    }

    /**
     * Meta's price for one delivered message to {@code country} (ISO alpha-2) in {@code category},
     * on {@code day}; empty when the card has no row for it (the message is then reported unpriced,
     * never priced at zero by accident).
     */
    public Optional<Rate> rate(String country, String category, LocalDate day) {
        String c = country == null ? "" : country.toUpperCase(Locale.ROOT);
        String cat = PricingCategory.normalise(category);
        return rates.stream()
                .filter(r -> r.country().equals(c) && r.category().equals(cat) && !r.effectiveFrom().isAfter(day))
                .findFirst()
                .filter(r -> r.price() != null);
    }

    /**
     * The price of the {@code ordinal}-th (1-based) charged message of the month on its tier counter:
     * the tier it falls in when the card has tiers for that country and counter on that day, else
     * the card's {@link #rate}. Authentication-international keeps its own rate though it counts
     * on the authentication counter (CLOUD-API-MORE §6.3).
     */
    public Optional<Rate> rate(String country, String category, LocalDate day, long ordinal) {
        Optional<Rate> base = rate(country, category, day);
        String cat = PricingCategory.normalise(category);
        if (base.isEmpty() || !cat.equals(PricingCategory.tierCounter(cat).orElse(""))) {
            return base;
        }
        String c = base.get().country();
        List<VolumeTier> inForce = tiers.stream()
                .filter(t -> t.country().equals(c) && t.category().equals(cat) && !t.effectiveFrom().isAfter(day))
                .toList();
        if (inForce.isEmpty()) {
            return base;
        }
        LocalDate from = inForce.get(0).effectiveFrom();
        return inForce.stream()
                .filter(t -> t.effectiveFrom().equals(from) && ordinal > t.fromVolume() && (t.toVolume() == null || ordinal <= t.toVolume()))
                .findFirst()
                .map(t -> new Rate(t.effectiveFrom(), c, cat, t.price(), t.currency(), t.source()))
                .or(() -> base);
    }

    /** Every row, unpriced markers (null price) included, newest first. */
    public List<Rate> rates() {
        return rates;
    }

    public List<VolumeTier> tiers() {
        return tiers;
    }

    /** The card's {@code # version:} line ({@code unversioned} without one). */
    public String version() {
        return version;
    }
}
