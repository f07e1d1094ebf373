package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** The campaign API and the simulator's audit API, as a storefront backend or an operator calls them. */
public final class SandeshClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SandeshClient(LocalStack stack) {
        this.stack = stack;
    }

    /** A campaign API answer: its status and JSON body. */
    public record Answer(int status, JsonNode body) {

        public Answer requireStatus(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public Answer createCampaign(JsonNode campaign) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(campaign)))
                .build();
        return send(request);
    }

    /** Starts a campaign created with {@code "start": false} (a DRAFT). */
    public Answer startCampaign(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/start"))
                .header("Authorization", "Bearer " + stack.apiKey())
                .timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return send(request);
    }

    /** Changes the simulator's runtime knobs ({@code PUT /_simulator/config}); fields left out keep their value. */
    public Answer configureSimulator(JsonNode settings) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.SIMULATOR, "/_simulator/config"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(settings)))
                .build();
        return send(request).requireStatus(200);
    }

    public Answer campaign(String id) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/campaigns/" + id, true);
    }

    public Answer simulatorAudit() throws IOException, InterruptedException {
        return get(LocalStack.App.SIMULATOR, "/_simulator/audit", false);
    }

    /** Clears the simulator's audit counters (not its configuration). */
    public Answer resetSimulatorAudit() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.SIMULATOR, "/_simulator/reset"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return send(request).requireStatus(200);
    }

    /** The sends the simulator kept for one recipient (E.164 digits), each with the values it carried. */
    public Answer simulatorSendsTo(String digits) throws IOException, InterruptedException {
        return get(LocalStack.App.SIMULATOR, "/_simulator/audit/sends?limit=10&to=" + digits, false);
    }

    /** Meta's template event on the simulator: applied to its registry and sent as a signed webhook. */
    public Answer simulatorTemplateEvent(String name, String language, String kind, JsonNode body)
            throws IOException, InterruptedException {
        return post(LocalStack.App.SIMULATOR, "/_simulator/templates/" + name + "/" + language + "/" + kind, body, false);
    }

    /** A campaign action: {@code pause}, {@code resume}, {@code cancel}. */
    public Answer campaignAction(String id, String action) throws IOException, InterruptedException {
        return post(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/" + action, JSON.createObjectNode(), true);
    }

    /** The template catalogue broadcast-service checks campaigns against. */
    public Answer templates() throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/templates", true);
    }

    private Answer post(LocalStack.App app, String path, JsonNode body, boolean authorised) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.uri(app, path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (authorised) {
            request.header("Authorization", "Bearer " + stack.apiKey());
        }
        return send(request.build());
    }

    /** {@code GET /v1/campaigns/{id}/cost}: Meta's fee and each provider's, in one currency, from webhook-service's cost views. */
    public Answer campaignCost(String id) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/cost", true);
    }

    /** {@code GET /v1/campaigns/{id}/estimate?failureShare=}: the cost expected before, with the same provider table. */
    public Answer campaignEstimate(String id, double failureShare) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/estimate?failureShare=" + failureShare, true);
    }

    /** Replaces the simulator's recipient rules ({@code PUT /_simulator/recipient-rules}, a JSON array). */
    public Answer recipientRules(JsonNode rules) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.uri(LocalStack.App.SIMULATOR, "/_simulator/recipient-rules"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(rules)))
                .build();
        return send(request).requireStatus(200);
    }

    /** {@code GET /v1/events?after=&limit=}: the storefront events by cursor. */
    public Answer events(String after, int limit) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/events?after=" + after + "&limit=" + limit, true);
    }

    /** A GET on the simulator's control API, e.g. {@code /_simulator/recipient-rules}. */
    public Answer getSimulator(String path) throws IOException, InterruptedException {
        return get(LocalStack.App.SIMULATOR, path, false);
    }

    /** A POST on the simulator's control API, e.g. {@code /_simulator/user-preferences} or {@code /_simulator/inbound}. */
    public Answer postSimulator(String path, JsonNode body) throws IOException, InterruptedException {
        return post(LocalStack.App.SIMULATOR, path, body, false);
    }

    /** {@code GET /v1/campaigns?state=…}: the first 1,000 campaigns in that state, newest first. */
    public Answer campaigns(String state) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/campaigns?limit=1000&state=" + state, true);
    }

    /** {@code GET /v1/opt-outs}: the first page of the opt-out list. */
    public Answer optOuts() throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/opt-outs?limit=500", true);
    }

    /** {@code GET /v1/campaigns/{id}/outcomes}: the first 500 per-recipient outcomes. */
    public Answer outcomes(String id) throws IOException, InterruptedException {
        return get(LocalStack.App.BROADCAST, "/v1/campaigns/" + id + "/outcomes?limit=500", true);
    }

    public Answer webhookStats(String campaignId) throws IOException, InterruptedException {
        return get(LocalStack.App.WEBHOOK, "/internal/v1/campaigns/" + campaignId + "/stats", false);
    }

    /** @param authorised with the API key (the public API); an /internal path gets the internal secret instead */
    private Answer get(LocalStack.App app, String path, boolean authorised) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(stack.uri(app, path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorised) {
            request.header("Authorization", "Bearer " + stack.apiKey());
        } else if (path.startsWith("/internal/")) {
            request.header("Authorization", "Bearer " + stack.internalSecret());
        }
        return send(request.build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
