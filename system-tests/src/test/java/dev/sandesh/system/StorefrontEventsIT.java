package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events to the storefront (issue 12 item 5) over the four real processes, received by a storefront
 * stand-in that verifies every X-Sandesh-Signature-256 and deduplicates on the CloudEvent id: a
 * campaign with undeliverable recipients ends with sandesh.campaign.completed and one
 * sandesh.message.failed per failed recipient, all signed; with the receiver down for a minute (refused
 * connections, then 503s) and webhook-service restarted meanwhile, nothing is lost once it is back, and GET /v1/events
 * lists the same events.
 */
class StorefrontEventsIT {

    private static final String SECRET = "storefront-it-secret";
    private static final int PORT = freePort();
    private static final String WEBHOOK_ARGS = "sandesh.stack.jvm-args.webhook-service";
    private static final String BROADCAST_ARGS = "sandesh.stack.jvm-args.broadcast-service";

    static {
        System.setProperty(WEBHOOK_ARGS, "-Dsandesh.events.url=http://127.0.0.1:" + PORT + "/events -Dsandesh.events.secret=" + SECRET
                + " -Dsandesh.events.poll-interval=PT0.2S -Dsandesh.events.initial-backoff=PT1S -Dsandesh.events.max-backoff=PT3S"
                + " -Dsandesh.events.list-after=PT1S");
        System.setProperty(BROADCAST_ARGS, "-Dsandesh.broadcast.settle-after=4s -Dsandesh.campaign-events.relay-interval=PT0.5S");
    }

    @RegisterExtension
    static final RunningStack sandesh = new RunningStack(200, 25);

    /** The storefront: every request kept, its signature checked, and the answer it gives. */
    private static final List<Boolean> SIGNATURES = new CopyOnWriteArrayList<>();
    private static final Map<String, JsonNode> BY_ID = new ConcurrentHashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger ANSWER = new AtomicInteger(204);
    private static volatile HttpServer receiver = receiver();

    @AfterAll
    static void stop() {
        receiver.stop(0);
        System.clearProperty(WEBHOOK_ARGS);
        System.clearProperty(BROADCAST_ARGS);
    }

    @BeforeEach
    void fivePercentUndeliverable() throws Exception {
        var json = SandeshClient.json();
        ObjectNode settings = json.createObjectNode().put("account", "ok");
        settings.putArray("recipientRules").add(json.createObjectNode().put("percent", 10).put("outcome", "undeliverable"));
        sandesh.client().configureSimulator(settings);
        ANSWER.set(204);
    }

    @Test
    void theStorefrontHearsTheCompletionAndEachFailedRecipientAllSigned() throws Exception {
        int valid = 200;
        String id = sandesh.client().createCampaign(DemoAudience.campaign("storefront events", valid, 0, 0, 51))
                .requireStatus(201).body().path("id").asText();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(
                () -> "COMPLETED".equals(sandesh.client().campaign(id).requireStatus(200).body().path("state").asText()));
        long failed = CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).failed();
        assertThat(failed).as("the simulator's undeliverable recipients").isPositive();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ofCampaign(id, "sandesh.message.failed")).hasSize((int) failed);
            assertThat(ofCampaign(id, "sandesh.campaign.completed")).hasSize(1);
        });
        assertThat(ofCampaign(id, "sandesh.message.failed")).allSatisfy(e -> {
            assertThat(e.path("data").path("errorCode").asInt()).isEqualTo(131026);
            assertThat(e.path("data").path("wamid").asText()).startsWith("wamid.");
        });
        assertThat(ofCampaign(id, "sandesh.message.failed")).extracting(e -> e.path("data").path("sequence").asLong())
                .doesNotHaveDuplicates();
        assertThat(SIGNATURES).isNotEmpty().containsOnly(true);
        System.out.printf("storefront: %d failed + 1 completed for campaign %s, %d requests, all signed%n", failed, id, REQUESTS.get());
    }

    @Test
    void nothingIsLostWhileTheReceiverIsDownForAMinuteAndWebhookServiceRestarts() throws Exception {
        receiver.stop(0); // connection refused from now on
        long downSince = System.nanoTime();
        int valid = 100;
        String id = sandesh.client().createCampaign(DemoAudience.campaign("storefront down", valid, 0, 0, 77))
                .requireStatus(201).body().path("id").asText();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(
                () -> "COMPLETED".equals(sandesh.client().campaign(id).requireStatus(200).body().path("state").asText()));
        long failed = CampaignProgress.of(sandesh.client().campaign(id).requireStatus(200).body()).failed();

        sandesh.stack().restart(LocalStack.App.WEBHOOK, Duration.ofMinutes(1));
        ANSWER.set(503); // half-up: answering, refusing
        receiver = receiver();
        Thread.sleep(5_000);
        assertThat(ofCampaign(id, "sandesh.message.failed")).isEmpty();
        receiver.stop(0);
        long downFor = Duration.ofSeconds(60).toNanos() - (System.nanoTime() - downSince);
        if (downFor > 0) {
            Thread.sleep(downFor / 1_000_000);
        }
        ANSWER.set(200);
        receiver = receiver();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ofCampaign(id, "sandesh.message.failed")).hasSize((int) failed);
            assertThat(ofCampaign(id, "sandesh.campaign.completed")).hasSize(1);
        });
        assertThat(SIGNATURES).containsOnly(true);

        // a storefront that was down catches up by cursor: the same events, the same ids
        List<JsonNode> listed = new ArrayList<>();
        String after = "0";
        for (int page = 0; page < 100; page++) {
            JsonNode answer = sandesh.client().events(after, 50).requireStatus(200).body();
            answer.path("events").forEach(listed::add);
            if (answer.path("events").isEmpty()) {
                break;
            }
            after = answer.path("next").asText();
        }
        List<String> listedIds = listed.stream().filter(e -> id.equals(e.path("subject").asText())).map(e -> e.path("id").asText()).toList();
        assertThat(listedIds).containsExactlyInAnyOrderElementsOf(
                BY_ID.values().stream().filter(e -> id.equals(e.path("subject").asText())).map(e -> e.path("id").asText()).toList());
    }

    private static List<JsonNode> ofCampaign(String campaignId, String type) {
        return BY_ID.values().stream().filter(e -> campaignId.equals(e.path("subject").asText()) && type.equals(e.path("type").asText())).toList();
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            server.createContext("/events", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                REQUESTS.incrementAndGet();
                SIGNATURES.add(verified(body, exchange.getRequestHeaders().getFirst("X-Sandesh-Signature-256")));
                int status = ANSWER.get();
                if (status / 100 == 2) {
                    JsonNode event = SandeshClient.json().readTree(body);
                    BY_ID.put(event.path("id").asText(), event); // duplicates are harmless: one per id
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean verified(byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.US_ASCII);
            return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
