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
 * Meta's price per delivered template message, by country × category × effective date: the one
 * source for estimates, actual costs and the demo's cost report. The shipped card
 * ({@code rate-card.csv} beside this class) names the source of every row; an operator can load
 * their own file of the same columns instead.
 */
public final class RateCard {

    private static final String SHIPPED = "/dev/sandesh/contracts/pricing/rate-card.csv";

    /** One row of the card: from {@code effectiveFrom} on, until a later row for the same country and category. */
    public record Rate(LocalDate effectiveFrom, String country, String category, BigDecimal price, String currency, String source) {
    }

    private final List<Rate> rates;

    private RateCard(List<Rate> rates) {
        this.rates = rates.stream()
                .sorted(Comparator.comparing(Rate::effectiveFrom).reversed())
                .toList();
    }

    /** The card shipped with Sandesh. */
    public static RateCard shipped() {
        try (InputStream in = RateCard.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the classpath");
            }
            return parse(in, SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] cells = trimmed.split(",", 6);
                if (cells.length < 5) {
                    throw new IllegalArgumentException(origin + ":" + number + ": expected effective_from,country,category,price,currency[,source]");
                }
                try {
                    rates.add(new Rate(LocalDate.parse(cells[0].strip()), cells[1].strip().toUpperCase(Locale.ROOT),
                            cells[2].strip().toLowerCase(Locale.ROOT), new BigDecimal(cells[3].strip()), cells[4].strip(),
                            cells.length > 5 ? cells[5].strip() : ""));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return new RateCard(rates);
    }

    /**
     * Meta's price for one delivered message to {@code country} (ISO alpha-2) in {@code category},
     * on {@code day}; empty when the card has no row for it (the message is then reported unpriced,
     * never priced at zero by accident).
     */
    public Optional<Rate> rate(String country, String category, LocalDate day) {
        String c = country == null ? "" : country.toUpperCase(Locale.ROOT);
        String cat = category == null ? "" : category.toLowerCase(Locale.ROOT);
        return rates.stream()
                .filter(r -> r.country().equals(c) && r.category().equals(cat) && !r.effectiveFrom().isAfter(day))
                .findFirst();
    }

    public List<Rate> rates() {
        return rates;
    }
}
