package dev.sandesh.contracts.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
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
 * Dated exchange rates, so that every figure can be shown in one currency ({@code sandesh.cost.currency}).
 * An amount is converted at the latest rate on or before its day, or at the inverse of the opposite
 * pair; with no rate it stays unconverted (the caller reports it beside, never guesses).
 * Shipped as {@code fx-rates.csv} ({@code day,from,to,rate,source}); operators load their own file.
 */
public final class FxTable {

    private static final String SHIPPED = "/dev/sandesh/contracts/pricing/fx-rates.csv";
    /** Enough digits for an inverse rate; amounts are rounded to the paisa only when shown. */
    private static final MathContext INVERSE = MathContext.DECIMAL64;

    /** 1 {@code from} = {@code rate} {@code to}, from {@code day} on. */
    public record FxRate(LocalDate day, String from, String to, BigDecimal rate, String source) {
    }

    private final List<FxRate> rates;
    private final String version;

    FxTable(List<FxRate> rates, String version) {
        this.rates = rates.stream().sorted(Comparator.comparing(FxRate::day).reversed()).toList();
        this.version = version;
    }

    public static FxTable shipped() {
        try (InputStream in = FxTable.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the classpath");
            }
            return parse(in, SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FxTable fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read FX table " + file, e);
        }
    }

    static FxTable parse(InputStream in, String origin) throws IOException {
        List<FxRate> rates = new ArrayList<>();
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
                String[] cells = trimmed.split(",", 5);
                if (cells.length < 4) {
                    throw new IllegalArgumentException(origin + ":" + number + ": expected day,from,to,rate[,source]");
                }
                try {
                    BigDecimal rate = new BigDecimal(cells[3].strip());
                    if (rate.signum() <= 0) {
                        throw new IllegalArgumentException("a rate must be positive");
                    }
                    String source = cells.length > 4 ? cells[4].strip() : "";
                    if (source.length() > 1 && source.startsWith("\"") && source.endsWith("\"")) {
                        source = source.substring(1, source.length() - 1);
                    }
                    rates.add(new FxRate(LocalDate.parse(cells[0].strip()), code(cells[1]), code(cells[2]), rate, source));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(origin + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return new FxTable(rates, version);
    }

    private static String code(String currency) {
        return currency.strip().toUpperCase(Locale.ROOT);
    }

    /** How many {@code to} one {@code from} buys on {@code day}: 1 for the same currency; empty without a rate. */
    public Optional<BigDecimal> rate(String from, String to, LocalDate day) {
        String f = code(from);
        String t = code(to);
        if (f.equals(t)) {
            return Optional.of(BigDecimal.ONE);
        }
        for (FxRate r : rates) {
            if (r.day().isAfter(day)) {
                continue;
            }
            if (r.from().equals(f) && r.to().equals(t)) {
                return Optional.of(r.rate());
            }
            if (r.from().equals(t) && r.to().equals(f)) {
                return Optional.of(BigDecimal.ONE.divide(r.rate(), INVERSE));
            }
        }
        return Optional.empty();
    }

    /** {@code amount} in {@code from}, in {@code to} on {@code day}; unrounded. */
    public Optional<BigDecimal> convert(BigDecimal amount, String from, String to, LocalDate day) {
        return rate(from, to, day).map(amount::multiply);
    }

    public List<FxRate> rates() {
        return rates;
    }

    public String version() {
        return version;
    }
}
