package dev.sandesh.simulator.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator, standing in for Meta, charged: one entry per message whose delivery it
 * reported with pricing (delivered, or read when delivered was skipped), by UTC day × country ×
 * category × pricing type, for {@code pricing_analytics} (CLOUD-API-MORE §6.5). Cost is Meta's
 * Indian card (CLOUD-API.md "Pricing", INR; marketing_lite at the marketing rate, §5); other
 * countries report volume only, as Meta omits COST it cannot state. {@code volumeDrift} makes the
 * report disagree on purpose (0.02 = 2 % more volume), to exercise reconciliation.
 */
public final class PricingLedger {

    /** ISO country of a wa_id by its calling code; the longest matching prefix wins. */
    private static final Map<String, String> CALLING_CODES = Map.ofEntries(Map.entry("91", "IN"), Map.entry("55", "BR"),
            Map.entry("1", "US"), Map.entry("44", "GB"), Map.entry("62", "ID"), Map.entry("971", "AE"), Map.entry("966", "SA"),
            Map.entry("52", "MX"), Map.entry("57", "CO"), Map.entry("92", "PK"), Map.entry("90", "TR"), Map.entry("20", "EG"),
            Map.entry("54", "AR"));
    private static final Map<String, BigDecimal> INDIA_INR = Map.of("MARKETING", new BigDecimal("0.8631"),
            "MARKETING_LITE", new BigDecimal("0.8631"), "UTILITY", new BigDecimal("0.115"), "AUTHENTICATION", new BigDecimal("0.115"));

    public record Key(LocalDate day, String country, String category, String pricingType) {
    }

    /** One DAILY data point as pricing_analytics reports it; {@code cost} null when not stated. */
    public record DataPoint(long start, long end, String country, String pricingType, String pricingCategory, long volume, BigDecimal cost) {
    }

    private final Map<Key, LongAdder> volumes = new ConcurrentHashMap<>();
    private volatile double volumeDrift;

    /** Counts a status update if it is the one that charges the message. */
    public void record(StatusUpdate update) {
        boolean charged = update.carriesPricing() && update.status() != DeliveryStatus.SENT;
        if (!charged || update.message().category() == null) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(update.epochSecond()), ZoneOffset.UTC);
        Key key = new Key(day, country(update.message().recipientId()),
                update.message().category().toUpperCase(Locale.ROOT).replace('-', '_'), "REGULAR");
        volumes.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static String country(String waId) {
        String digits = waId == null ? "" : waId.replaceAll("\\D", "");
        for (int length = 3; length >= 1; length--) {
            if (digits.length() > length && CALLING_CODES.containsKey(digits.substring(0, length))) {
                return CALLING_CODES.get(digits.substring(0, length));
            }
        }
        return "ZZ";
    }

    /** DAILY data points of the days starting in [{@code start}, {@code end}) (epoch seconds), oldest first. */
    public List<DataPoint> daily(long start, long end) {
        List<DataPoint> points = new ArrayList<>();
        double drift = volumeDrift;
        volumes.forEach((key, adder) -> {
            long dayStart = key.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            if (dayStart < start || dayStart >= end) {
                return;
            }
            long volume = Math.round(adder.sum() * (1 + drift));
            BigDecimal price = key.country().equals("IN") ? INDIA_INR.get(key.category()) : null;
            points.add(new DataPoint(dayStart, dayStart + 86_400, key.country(), key.pricingType(), key.category(), volume,
                    price == null ? null : price.multiply(BigDecimal.valueOf(volume))));
        });
        points.sort(Comparator.comparingLong(DataPoint::start).thenComparing(DataPoint::country).thenComparing(DataPoint::pricingCategory));
        return points;
    }

    public void volumeDrift(double drift) {
        if (Double.isNaN(drift) || drift < -1 || drift > 10) {
            throw new IllegalArgumentException("volumeDrift must be between -1 and 10");
        }
        this.volumeDrift = drift;
    }

    public double volumeDrift() {
        return volumeDrift;
    }

    public void clear() {
        volumes.clear();
    }
}
