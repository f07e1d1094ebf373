package dev.sandesh.webhook.api;

import dev.sandesh.webhook.TestSupport;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.OptOut.Action;
import dev.sandesh.contracts.OptOut.Scope;
import dev.sandesh.contracts.OptOut.Source;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.sandesh.webhook.TestSupport.APP_SECRET;
import static dev.sandesh.webhook.TestSupport.bindOptOutProbe;
import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.count;
import static dev.sandesh.webhook.TestSupport.drain;
import static dev.sandesh.webhook.TestSupport.execute;
import static dev.sandesh.webhook.TestSupport.failed;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.query;
import static dev.sandesh.webhook.TestSupport.sign;
import static dev.sandesh.webhook.TestSupport.status;
import static dev.sandesh.webhook.TestSupport.webhook;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Raw archive, 503 instead of loss, micro-batching, opt-outs and replay, over the real PostgreSQL and RabbitMQ. */
@QuarkusTest
class WebhookIngestTest {

    private static final long T = 1_750_030_073L;
    /** %test.sandesh.webhook.previous-app-secrets */
    private static final String PREVIOUS_SECRET = "sim-app-secret-2025";

    @BeforeEach
    void clean() {
        cleanTables();
    }

    private static Response post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8), APP_SECRET);
    }

    private static Response post(byte[] bytes, String secret) {
        return given().contentType(ContentType.JSON).header("X-Hub-Signature-256", sign(bytes, secret)).body(bytes)
                .when().post("/webhooks/whatsapp");
    }

    private static String wamid() {
        return "wamid." + UUID.randomUUID();
    }

    @Test
    void everySignedBodyIsArchivedExactlyAsReceivedWithTheSecretThatVerifiedIt() {
        // odd spacing and key order: the archive keeps the bytes, not a re-serialisation
        byte[] current = webhook(status(wamid(), "sent", T), status(wamid(), "delivered", T)).replace(":", " : ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] previous = webhook(status(wamid(), "read", T)).getBytes(StandardCharsets.UTF_8);

        post(current, APP_SECRET).then().statusCode(200);
        post(previous, PREVIOUS_SECRET).then().statusCode(200);
        post(previous, "an-unknown-secret").then().statusCode(401);

        List<Map<String, Object>> rows = query("SELECT body, signature, statuses, unreadable FROM webhook.raw_event ORDER BY id");
        assertThat(rows).hasSize(2);
        assertThat((byte[]) rows.get(0).get("body")).isEqualTo(current);
        assertThat(rows.get(0)).containsEntry("signature", "current").containsEntry("statuses", 2).containsEntry("unreadable", null);
        assertThat((byte[]) rows.get(1).get("body")).isEqualTo(previous);
        assertThat(rows.get(1)).containsEntry("signature", "previous-1").containsEntry("statuses", 1);
        assertThat(count("message_status")).isEqualTo(3);
    }

    @Test
    void aSignedBodyThatCannotBeReadIsArchivedAndAcknowledged() {
        post("this is not json {").then().statusCode(200);

        List<Map<String, Object>> rows = query("SELECT body, unreadable FROM webhook.raw_event");
        assertThat(rows).hasSize(1);
        assertThat(new String((byte[]) rows.getFirst().get("body"), StandardCharsets.UTF_8)).isEqualTo("this is not json {");
        assertThat((String) rows.getFirst().get("unreadable")).isNotBlank();
        assertThat(count("message_status")).isZero();
    }

    @Test
    void whenTheDatabaseCannotStoreAWebhookItIsAnswered503AndMetaRetrySucceedsLater() {
        String wamid = wamid();
        String body = webhook(status(wamid, "delivered", T));
        execute("ALTER TABLE webhook.raw_event RENAME TO raw_event_away");
        try {
            post(body).then().statusCode(503).header("Retry-After", "5")
                    .contentType("application/problem+json").body("status", equalTo(503));
            assertThat(messageStatus(wamid)).isNull();
        } finally {
            execute("ALTER TABLE webhook.raw_event_away RENAME TO raw_event");
        }

        post(body).then().statusCode(200);

        assertThat(messageStatus(wamid)).containsEntry("status", "delivered");
        assertThat(count("raw_event")).isEqualTo(1);
    }

    @Test
    void concurrentWebhooksShareTransactionsAndEveryStatusIsStored() throws Exception {
        long transactionsBefore = metric("sandesh_webhook_batch_webhooks_count");
        int webhooks = 240;
        List<String> wamids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < webhooks; i++) {
            String a = wamid();
            String b = wamid();
            wamids.add(a);
            wamids.add(b);
            bodies.add(webhook(status(a, "sent", T), status(b, "sent", T), status(a, "read", T + 2), status(b, "delivered", T + 1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(48);
        try {
            List<CompletableFuture<Integer>> answers = bodies.stream()
                    .map(body -> CompletableFuture.supplyAsync(() -> post(body).statusCode(), pool)).toList();
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        long transactions = metric("sandesh_webhook_batch_webhooks_count") - transactionsBefore;
        assertThat(transactions).as("transactions for %d webhooks", webhooks).isLessThan(webhooks);
        assertThat(count("message_status")).isEqualTo(2L * webhooks);
        assertThat(count("raw_event")).isEqualTo(webhooks);
        assertThat(query("SELECT status, count(*) AS n FROM webhook.message_status GROUP BY status ORDER BY status"))
                .containsExactly(Map.of("status", "delivered", "n", (long) webhooks), Map.of("status", "read", "n", (long) webhooks));
    }

    @Test
    void aWebhookTheDatabaseRefusesFailsNoOtherAndIsArchivedForInspection() throws Exception {
        String poisonWamid = "wamid.\\u0000" + UUID.randomUUID();
        List<String> good = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        bodies.add(webhook(status(poisonWamid, "sent", T)));
        for (int i = 0; i < 30; i++) {
            String wamid = wamid();
            good.add(wamid);
            bodies.add(webhook(status(wamid, "delivered", T)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<Integer>> answers = bodies.stream()
                    .map(body -> CompletableFuture.supplyAsync(() -> post(body).statusCode(), pool)).toList();
            for (CompletableFuture<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(good).allSatisfy(wamid -> assertThat(messageStatus(wamid)).containsEntry("status", "delivered"));
        assertThat(count("message_status")).isEqualTo(good.size());
        assertThat(query("SELECT unreadable FROM webhook.raw_event WHERE unreadable IS NOT NULL"))
                .singleElement().satisfies(row -> assertThat((String) row.get("unreadable")).startsWith("refused by the database"));
    }

    @Test
    void stopTextsButtonsUserPreferencesAnd131050ArePublishedAsOptOutsOnceEach() {
        String queue = bindOptOutProbe();
        Object lastEvent = query("SELECT COALESCE(max(seq), 0) AS seq FROM webhook.storefront_event").getFirst().get("seq");
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[
                  {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
                    "contacts":[{"profile":{"name":"A"},"wa_id":"919800000001"}],
                    "messages":[
                      {"from":"919800000001","id":"wamid.in1","timestamp":"%1$d","type":"text","text":{"body":"  Stop. "}},
                      {"from":"919800000002","id":"wamid.in2","timestamp":"%1$d","type":"button","button":{"payload":"STOP_PROMOTIONS","text":"Stop promotions"}},
                      {"from":"919800000003","id":"wamid.in3","timestamp":"%1$d","type":"text","text":{"body":"start"}},
                      {"from":"919800000004","id":"wamid.in4","timestamp":"%1$d","type":"text","text":{"body":"when does the sale stop?"}},
                      {"from":"919800000005","id":"wamid.in5","timestamp":"%1$d","type":"image","image":{"id":"1"}}]}},
                  {"field":"user_preferences","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
                    "contacts":[{"profile":{"name":"B"},"wa_id":"5511987654321"}],
                    "user_preferences":[{"wa_id":"5511987654321","detail":"User requested to stop marketing messages",
                                         "category":"marketing_messages","value":"stop","timestamp":%1$d}]}},
                  {"field":"user_preferences","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242922"},
                    "contacts":[{"user_id":"IN.4411"}],
                    "user_preferences":[{"user_id":"IN.4411","category":"marketing_messages","value":"stop","timestamp":%1$d}]}},
                  {"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"106540352242923"},
                    "contacts":[{"profile":{"name":"C"},"user_id":"IN.4412"}],
                    "messages":[{"from_user_id":"IN.4412","id":"wamid.in6","timestamp":"%1$d","type":"text","text":{"body":"STOP ALL"}}]}},
                  {"field":"messages","value":{"messaging_product":"whatsapp","statuses":[%2$s]}}]}]}"""
                .formatted(T, failed(wamid(), T, 131050, "Unable to deliver the message").replace("919812345678", "919800000006"));

        post(body).then().statusCode(200);
        post(body).then().statusCode(200); // Meta's duplicate: recorded once, published once

        List<OptOut> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            drain(queue).forEach(message -> {
                assertThat(message.getKey()).isEqualTo("OptOut");
                published.add(WireJson.decode(message.getValue(), OptOut.class, OptOut.VERSION));
            });
            assertThat(published).hasSize(7);
        });
        Instant at = Instant.ofEpochSecond(T);
        String number = "106540352242922";
        assertThat(published).containsExactlyInAnyOrder(
                new OptOut("+919800000001", null, number, Scope.MARKETING, Action.OPT_OUT, Source.KEYWORD, at),
                new OptOut("+919800000002", null, number, Scope.MARKETING, Action.OPT_OUT, Source.BUTTON, at),
                new OptOut("+919800000003", null, number, Scope.ALL, Action.OPT_IN, Source.KEYWORD, at),
                new OptOut("+5511987654321", null, number, Scope.MARKETING, Action.OPT_OUT, Source.USER_PREFERENCES, at),
                new OptOut(null, "IN.4411", number, Scope.MARKETING, Action.OPT_OUT, Source.USER_PREFERENCES, at),
                new OptOut(null, "IN.4412", "106540352242923", Scope.ALL, Action.OPT_OUT, Source.KEYWORD, at),
                new OptOut("+919800000006", null, null, Scope.MARKETING, Action.OPT_OUT, Source.ERROR_131050, at));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(query("SELECT count(*) AS n FROM webhook.opt_out WHERE published_at IS NOT NULL").getFirst())
                        .containsEntry("n", 7L));
        assertThat(query("SELECT data->>'phone' AS phone, data->>'userId' AS user_id, data->>'scope' AS scope, "
                + "data->>'phoneNumberId' AS number FROM webhook.storefront_event WHERE type = 'sandesh.optout' AND seq > ?", lastEvent))
                .as("one sandesh.optout event per fact, full phone and BSUID for the storefront").hasSize(7)
                .anySatisfy(row -> assertThat(row).containsEntry("phone", "+919800000001").containsEntry("scope", "MARKETING")
                        .containsEntry("number", number))
                .anySatisfy(row -> assertThat(row).containsEntry("phone", null).containsEntry("user_id", "IN.4412").containsEntry("scope", "ALL"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> drain(queue).isEmpty());
    }

    @Test
    void replayRebuildsStatusesFromTheArchiveAndChangesNothingTheSecondTime() {
        String a = wamid();
        String b = wamid();
        post(webhook(status(a, "sent", T), status(b, "sent", T))).then().statusCode(200);
        post(webhook(status(a, "read", T + 5), failed(b, T + 3, 131026, "Message undeliverable"))).then().statusCode(200);
        execute("DELETE FROM webhook.message_status");
        String from = Instant.now().minusSeconds(3600).toString();
        String to = Instant.now().plusSeconds(3600).toString();

        TestSupport.internal().queryParam("from", from).queryParam("to", to).when().post("/internal/v1/replay")
                .then().statusCode(200).body("events", equalTo(2)).body("statuses", equalTo(4)).body("unreadable", equalTo(0));
        Map<String, Object> replayed = messageStatus(b);
        Timestamp updated = (Timestamp) replayed.get("updated_at");
        TestSupport.internal().queryParam("from", from).queryParam("to", to).when().post("/internal/v1/replay").then().statusCode(200);

        assertThat(messageStatus(a)).containsEntry("status", "read");
        assertThat(messageStatus(b)).containsEntry("status", "failed").containsEntry("error_code", 131026).containsEntry("updated_at", updated);
        assertThat(count("raw_event")).isEqualTo(2);
    }

    @Test
    void replayNeedsAValidRange() {
        TestSupport.internal().when().post("/internal/v1/replay").then().statusCode(400).body("errors[0].field", equalTo("from"));
        TestSupport.internal().queryParam("from", "yesterday").when().post("/internal/v1/replay").then().statusCode(400);
        TestSupport.internal().queryParam("from", "2026-09-02T00:00:00Z").queryParam("to", "2026-09-01T00:00:00Z")
                .when().post("/internal/v1/replay").then().statusCode(400);
    }

    private static long metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(2)) : 0L;
    }
}
