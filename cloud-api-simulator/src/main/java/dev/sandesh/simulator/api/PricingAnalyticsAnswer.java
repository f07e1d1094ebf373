package dev.sandesh.simulator.api;

import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.domain.PricingLedger;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /{version}/{WABA-ID}?fields=pricing_analytics.start(<unix>).end(<unix>).granularity(DAILY)...}
 * (CLOUD-API-MORE §6.5): what the simulator charged, from what it delivered ({@link PricingLedger});
 * DAILY granularity only (others: error 100). {@link PricingAnalyticsControlResource} makes it disagree.
 */
@jakarta.enterprise.context.ApplicationScoped
public class PricingAnalyticsAnswer {

    private static final Pattern START = Pattern.compile("\\.start\\((\\d+)\\)");
    private static final Pattern END = Pattern.compile("\\.end\\((\\d+)\\)");
    private static final Pattern GRANULARITY = Pattern.compile("\\.granularity\\((\\w+)\\)");

    private final PricingLedger ledger;
    private final SimulatorConfig config;

    public PricingAnalyticsAnswer(PricingLedger ledger, SimulatorConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    /** The answer to {@code GET /{version}/{wabaId}?fields=...} (MessagesResource routes it here). */
    public Response pricingAnalytics(String wabaId, String fields) {
        if (!wabaId.equals(config.wabaId()) || fields == null || !fields.startsWith("pricing_analytics")) {
            return invalid("Unsupported get request. Object with ID '" + wabaId + "' does not exist or does not support this field");
        }
        Matcher start = START.matcher(fields);
        Matcher end = END.matcher(fields);
        Matcher granularity = GRANULARITY.matcher(fields);
        if (!start.find() || !end.find()) {
            return invalid("pricing_analytics needs start() and end()");
        }
        if (granularity.find() && !granularity.group(1).equals("DAILY")) {
            return invalid("the simulator serves pricing_analytics at DAILY granularity only");
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (PricingLedger.DataPoint p : ledger.daily(Long.parseLong(start.group(1)), Long.parseLong(end.group(1)))) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("start", p.start());
            point.put("end", p.end());
            point.put("country", p.country());
            point.put("pricing_type", p.pricingType());
            point.put("pricing_category", p.pricingCategory());
            point.put("volume", p.volume());
            if (p.cost() != null) {
                point.put("cost", p.cost());
            }
            points.add(point);
        }
        return Response.ok(Map.of("pricing_analytics", Map.of("data", List.of(Map.of("data_points", points))), "id", wabaId)).build();
    }

    private static Response invalid(String message) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", Map.of("message", message, "type", "OAuthException", "code", 100))).build();
    }
}
