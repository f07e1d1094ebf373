package dev.sandesh.sender.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.CampaignControl;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.fake.FakeCloudApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Knative adapter: the same handler fed by HTTP CloudEvents (binary and structured mode)
 * instead of the AMQP channel; the answer comes after the outcome is confirmed.
 */
@QuarkusTest
class CloudEventAdapterTest {

    private static final String TAP = "sender-ce-test.outcomes";
    private static Connection connection;
    private static Channel channel;

    @Inject
    FakeCloudApi api;

    @Inject
    ObjectMapper mapper;

    @BeforeAll
    static void connect() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost("sandesh-test-sender");
        connection = factory.newConnection("sender-ce-test");
        channel = connection.createChannel();
        channel.exchangeDeclare(Topology.OUTCOMES.exchange(), "topic", true);
        channel.queueDeclare(TAP, false, false, false, null);
        channel.queueBind(TAP, Topology.OUTCOMES.exchange(), "#");
        channel.queuePurge(TAP);
    }

    @AfterAll
    static void disconnect() throws Exception {
        connection.close();
    }

    @Test
    void aBinaryModeBatchIsSentAndItsOutcomePublishedBeforeTheAnswer() throws Exception {
        SendBatch batch = batch(3);

        // As RabbitmqSource forwards a signed message: its CloudEvents attributes as ce-* headers.
        given().headers(signed(batch)).header("ce-sandeshrequeues", "0").contentType("application/json")
                .body(WireJson.encode(batch))
                .post("/internal/cloudevents/batches").then().statusCode(204);

        // The outcome was confirmed before the 204: it is already on the exchange.
        BatchOutcome outcome = outcomeOf(batch.campaignId());
        assertThat(outcome.recipients()).extracting(BatchOutcome.RecipientOutcome::result).containsOnly(BatchOutcome.Result.ACCEPTED);
        assertThat(api.calls(batch.phoneNumberId())).hasSize(3);
    }

    @Test
    void aStructuredModeBatchIsHandledTheSameWay() throws Exception {
        SendBatch batch = batch(2);
        Map<String, String> attributes = signed(batch);
        ObjectNode event = mapper.createObjectNode()
                .put("specversion", "1.0").put("id", attributes.get("ce-id")).put("type", batch.type()).put("source", "/sender.batches")
                .put("time", attributes.get("ce-time")).put("sandeshsignature", attributes.get("ce-sandeshsignature"))
                .put("datacontenttype", "application/json");
        event.put("data_base64", java.util.Base64.getEncoder().encodeToString(WireJson.encode(batch)));

        given().contentType("application/cloudevents+json").body(mapper.writeValueAsBytes(event))
                .post("/internal/cloudevents/batches").then().statusCode(204);

        assertThat(outcomeOf(batch.campaignId()).recipients()).hasSize(2);
    }

    @Test
    void aControlCloudEventPausesTheCampaign() throws Exception {
        SendBatch batch = batch(3);
        CampaignControl pause = new CampaignControl(batch.campaignId(), batch.phoneNumberId(), CampaignControl.Command.PAUSE,
                "operator", Instant.now());
        given().headers(signed(pause)).contentType("application/json")
                .body(WireJson.encode(pause))
                .post("/internal/cloudevents/control").then().statusCode(204);

        given().headers(signed(batch)).contentType("application/json")
                .body(WireJson.encode(batch))
                .post("/internal/cloudevents/batches").then().statusCode(204);

        assertThat(outcomeOf(batch.campaignId()).recipients()).extracting(BatchOutcome.RecipientOutcome::result)
                .containsOnly(BatchOutcome.Result.DEFERRED);
        assertThat(api.calls(batch.phoneNumberId())).isEmpty();
    }

    @Test
    void notACloudEventOrNotABatchIsRefusedWith400() {
        given().contentType("application/json").body("{}".getBytes(StandardCharsets.UTF_8))
                .post("/internal/cloudevents/batches").then().statusCode(400);
        byte[] wrong = "{\"version\":99}".getBytes(StandardCharsets.UTF_8);
        given().headers(InternalSignature.installed().headers("SendBatch", wrong)).contentType("application/json").body(wrong)
                .post("/internal/cloudevents/batches").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8))
                .post("/internal/cloudevents/control").then().statusCode(400);
    }

    @Test
    void anUnsignedOrForgedBatchIsRefused401Or403AndNothingIsSent() {
        SendBatch batch = batch(2);
        byte[] body = WireJson.encode(batch);
        Map<String, String> unsigned = new HashMap<>(signed(batch));
        unsigned.remove("ce-sandeshsignature");
        given().headers(unsigned).contentType("application/json").body(body)
                .post("/internal/cloudevents/batches").then().statusCode(401).contentType("application/problem+json");

        Map<String, String> forged = InternalSignature.of("an-attackers-guess-at-the-secret", Optional.empty()).headers(batch.type(), body);
        given().headers(forged).contentType("application/json").body(body)
                .post("/internal/cloudevents/batches").then().statusCode(403).contentType("application/problem+json");

        // a genuine signature moved onto another body
        given().headers(signed(batch)).contentType("application/json").body(WireJson.encode(batch(2)))
                .post("/internal/cloudevents/batches").then().statusCode(403);

        CampaignControl cancel = new CampaignControl(batch.campaignId(), batch.phoneNumberId(), CampaignControl.Command.CANCEL, "x", Instant.now());
        given().header("ce-specversion", "1.0").contentType("application/json").body(WireJson.encode(cancel))
                .post("/internal/cloudevents/control").then().statusCode(401);
        given().header("ce-specversion", "1.0").contentType("application/json")
                .body(WireJson.encode(new dev.sandesh.contracts.OptOut(dev.sandesh.contracts.OptOut.VERSION, "+919800000001",
                        dev.sandesh.contracts.OptOut.Action.OPT_OUT, dev.sandesh.contracts.OptOut.Source.KEYWORD, Instant.now())))
                .post("/internal/cloudevents/optouts").then().statusCode(401);

        assertThat(api.calls(batch.phoneNumberId())).isEmpty();
        // the forged CANCEL changed nothing: the genuine batch is sent
        given().headers(signed(batch)).contentType("application/json").body(body)
                .post("/internal/cloudevents/batches").then().statusCode(204);
        assertThat(api.calls(batch.phoneNumberId())).hasSize(2);
    }

    @Test
    void theNumberHaltEndpointsNeedTheInternalSecretAsABearerToken() {
        given().get("/internal/numbers/halted").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"sandesh\"");
        given().auth().oauth2("not-the-secret").get("/internal/numbers/halted").then().statusCode(401);
        given().auth().oauth2("not-the-secret").delete("/internal/numbers/123/halt").then().statusCode(401);
        given().auth().oauth2(InternalSignature.installed().bearerToken()).get("/internal/numbers/halted").then().statusCode(200);
        given().auth().oauth2(InternalSignature.installed().bearerToken()).delete("/internal/numbers/123/halt").then().statusCode(404);
    }

    /** The ce-* attributes a publisher's WireMessages signs a message with, as HTTP headers. */
    private static Map<String, String> signed(dev.sandesh.contracts.WireEvent event) {
        return InternalSignature.installed().headers(event.type(), WireJson.encode(event));
    }

    private static BatchOutcome outcomeOf(UUID campaignId) throws Exception {
        List<BatchOutcome> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            GetResponse response;
            while ((response = channel.basicGet(TAP, true)) != null) {
                seen.add(WireJson.decode(response.getBody(), BatchOutcome.class, BatchOutcome.VERSION));
            }
            return seen.stream().anyMatch(o -> o.campaignId().equals(campaignId));
        });
        return seen.stream().filter(o -> o.campaignId().equals(campaignId)).findFirst().orElseThrow();
    }

    private static SendBatch batch(int size) {
        String number = "10" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
        long base = 919_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        return new SendBatch(UUID.randomUUID(), 0, number, new TemplateRef("sandesh_demo", "en", "marketing"),
                IntStream.range(0, size).mapToObj(i -> new SendBatch.Recipient(i, "+" + (base + i), "IN", List.of("x"))).toList());
    }
}
