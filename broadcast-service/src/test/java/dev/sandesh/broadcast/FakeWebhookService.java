package dev.sandesh.broadcast;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sandesh.broadcast.client.RecipientStatePage;
import dev.sandesh.contracts.CampaignStats;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.contracts.pricing.CampaignCost;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for webhook-service on sandesh.webhook-service.url (127.0.0.1:18082 in tests), shared
 * by every test of the run: zero stats for any campaign unless a test sets some, a 503 for a
 * campaign marked down, and per-recipient states served with the paging and filters of the
 * contract broadcast-service expects ({@code GET /internal/v1/campaigns/{id}/recipients}).
 */
public final class FakeWebhookService {

    private static FakeWebhookService instance;

    private final Map<UUID, CampaignStats> stats = new ConcurrentHashMap<>();
    private final Map<UUID, List<RecipientStatePage.RecipientState>> states = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> down = new ConcurrentHashMap<>();
    private final Map<UUID, CampaignCost> costs = new ConcurrentHashMap<>();
    /** Query strings of the stats requests received, in order. */
    public final List<String> statsQueries = new CopyOnWriteArrayList<>();
    /** Query strings of the recipients requests received, in order. */
    public final List<String> recipientQueries = new CopyOnWriteArrayList<>();

    private FakeWebhookService() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 18082), 0);
        server.createContext("/internal/v1/campaigns/", this::serve);
        server.createContext("/internal/v1/events", this::serveEvents);
        server.start();
    }

    public static synchronized FakeWebhookService get() {
        if (instance == null) {
            try {
                instance = new FakeWebhookService();
            } catch (IOException e) {
                throw new IllegalStateException("cannot serve the fake webhook-service on 127.0.0.1:18082", e);
            }
        }
        return instance;
    }

    public void stats(CampaignStats value) {
        stats.put(value.campaignId(), value);
    }

    /** What {@code GET /internal/v1/campaigns/{id}/cost} answers for the campaign (404 until set). */
    public void cost(CampaignCost value) {
        costs.put(value.campaignId(), value);
    }

    public void down(UUID campaignId) {
        down.put(campaignId, true);
    }

    public void states(UUID campaignId, List<RecipientStatePage.RecipientState> value) {
        states.put(campaignId, List.copyOf(value));
    }

    /** Query strings of the storefront-events requests received, in order. */
    public final List<String> eventQueries = new CopyOnWriteArrayList<>();
    private volatile int eventsStatus = 200;
    private volatile String eventsBody = "{\"events\":[],\"next\":\"0\"}";

    /** What {@code GET /internal/v1/events} answers next (any query). */
    public void events(int status, String body) {
        eventsStatus = status;
        eventsBody = body;
    }

    /** The %test internal secret (application.properties): webhook-service refuses /internal/v1 without it. */
    public static final String INTERNAL_SECRET = "sandesh-dev-internal-secret-not-for-production";
    private final List<String> refused = new CopyOnWriteArrayList<>();

    /** Requests that came without the internal secret as their bearer token (answered 401, as webhook-service does). */
    public List<String> refused() {
        return refused;
    }

    private boolean authorised(HttpExchange exchange) throws IOException {
        if (("Bearer " + INTERNAL_SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        refused.add(exchange.getRequestURI().getPath());
        respond(exchange, 401, "{}".getBytes());
        return false;
    }

    private void serveEvents(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            return;
        }
        eventQueries.add(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        respond(exchange, eventsStatus, eventsBody.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void serve(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            return;
        }
        String[] parts = exchange.getRequestURI().getPath().split("/");
        UUID id = UUID.fromString(parts[4]);
        String what = parts[5];
        if (down.containsKey(id)) {
            respond(exchange, 503, "{}".getBytes());
            return;
        }
        if (what.equals("cost")) {
            CampaignCost cost = costs.get(id);
            respond(exchange, cost == null ? 404 : 200, cost == null ? "{}".getBytes() : WireJson.mapper().writeValueAsBytes(cost));
            return;
        }
        if (what.equals("stats")) {
            statsQueries.add(id + "?" + java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery() == null ? ""
                    : exchange.getRequestURI().getRawQuery(), java.nio.charset.StandardCharsets.UTF_8));
            respond(exchange, 200, WireJson.mapper().writeValueAsBytes(stats.getOrDefault(id, CampaignStats.empty(id))));
            return;
        }
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        recipientQueries.add(query);
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        long after = Long.parseLong(params.getOrDefault("after", "-1"));
        int limit = Integer.parseInt(params.getOrDefault("limit", "100"));
        List<RecipientStatePage.RecipientState> page = new ArrayList<>();
        boolean more = false;
        for (RecipientStatePage.RecipientState s : states.getOrDefault(id, List.of())) {
            if (s.sequence() <= after || (params.containsKey("state") && !params.get("state").equals(s.state()))
                    || (params.containsKey("errorCode") && !params.get("errorCode").equals(String.valueOf(s.errorCode())))) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(s);
        }
        respond(exchange, 200, WireJson.mapper().writeValueAsBytes(new RecipientStatePage(page, more ? page.getLast().sequence() : null)));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
