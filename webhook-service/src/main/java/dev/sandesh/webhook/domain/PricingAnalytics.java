package dev.sandesh.webhook.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Meta's {@code pricing_analytics} answer at DAILY granularity with dimensions COUNTRY,
 * PRICING_CATEGORY, PRICING_TYPE (CLOUD-API-MORE §6.5): {@code data[].data_points[]} with
 * {@code start} (epoch seconds), {@code country}, {@code pricing_type}, {@code pricing_category},
 * {@code volume} and {@code cost} (absent when Meta does not state it, e.g. a partner's credit line).
 */
public final class PricingAnalytics {

    private PricingAnalytics() {
    }

    /** One day × country × category × type; {@code cost} null when not returned. */
    public record Point(LocalDate day, String country, String category, String pricingType, long volume, BigDecimal cost) {
    }

    public static List<Point> parse(JsonNode answer) {
        List<Point> points = new ArrayList<>();
        for (JsonNode data : answer.path("pricing_analytics").path("data")) {
            for (JsonNode p : data.path("data_points")) {
                if (!p.hasNonNull("start") || !p.hasNonNull("volume")) {
                    throw new IllegalArgumentException("a pricing_analytics data point without start or volume: " + p);
                }
                points.add(new Point(LocalDate.ofInstant(Instant.ofEpochSecond(p.get("start").asLong()), ZoneOffset.UTC),
                        p.path("country").asText("").toUpperCase(Locale.ROOT),
                        p.path("pricing_category").asText("").toUpperCase(Locale.ROOT),
                        p.path("pricing_type").asText("").toUpperCase(Locale.ROOT),
                        p.get("volume").asLong(), p.hasNonNull("cost") ? p.get("cost").decimalValue() : null));
            }
        }
        return points;
    }

    /** The {@code fields} parameter asking for one UTC day. */
    public static String fields(LocalDate day) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return "pricing_analytics.start(" + start + ").end(" + (start + 86_400) + ").granularity(DAILY)"
                + ".metric_types([\"COST\",\"VOLUME\"]).dimensions([\"COUNTRY\",\"PRICING_CATEGORY\",\"PRICING_TYPE\"])";
    }
}
