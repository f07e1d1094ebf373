package dev.sandesh.sender.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.CampaignControl;
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

        given().header("ce-specversion", "1.0").header("ce-id", "1").header("ce-type", "dev.knative.rabbitmq.event")
                .header("ce-source", "/sender.batches").contentType("application/json")
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
        ObjectNode event = mapper.createObjectNode()
                .put("specversion", "1.0").put("id", "2").put("type", "dev.knative.rabbitmq.event").put("source", "/sender.batches")
                .put("datacontenttype", "application/json");
        event.set("data", mapper.readTree(WireJson.encode(batch)));

        given().contentType("application/cloudevents+json").body(mapper.writeValueAsBytes(event))
                .post("/internal/cloudevents/batches").then().statusCode(204);

        assertThat(outcomeOf(batch.campaignId()).recipients()).hasSize(2);
    }

    @Test
    void aControlCloudEventPausesTheCampaign() throws Exception {
        SendBatch batch = batch(3);
        CampaignControl pause = new CampaignControl(batch.campaignId(), batch.phoneNumberId(), CampaignControl.Command.PAUSE,
                "operator", Instant.now());
        given().header("ce-specversion", "1.0").header("ce-id", "3").contentType("application/json")
                .body(WireJson.encode(pause))
                .post("/internal/cloudevents/control").then().statusCode(204);

        given().header("ce-specversion", "1.0").header("ce-id", "4").contentType("application/json")
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
        given().header("ce-specversion", "1.0").contentType("application/json").body("{\"version\":99}".getBytes(StandardCharsets.UTF_8))
                .post("/internal/cloudevents/batches").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/cloudevents+json").body("{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8))
                .post("/internal/cloudevents/control").then().statusCode(400);
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
