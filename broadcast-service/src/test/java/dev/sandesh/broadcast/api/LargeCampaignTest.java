package dev.sandesh.broadcast.api;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * 100,000 recipients inline: every one stored, the start answered once RUNNING, every valid one then
 * published in exactly one batch, all 1,000 counted as published. (Timing belongs to system-tests.)
 */
@QuarkusTest
class LargeCampaignTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    @Test
    void aHundredThousandRecipientsAreStoredAndPublishedInAThousandBatches() throws Exception {
        int n = 100_000;
        List<Map<String, Object>> recipients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            recipients.add(Map.of("phone", String.format("+91 96%08d", i), "parameters", List.of("p" + i)));
        }
        try (TestBroker broker = new TestBroker()) {
            broker.purge(CampaignResourceTest.BATCHES);
            long started = System.nanoTime();
            String id = given().auth().oauth2(CampaignResourceTest.KEY).contentType(ContentType.JSON)
                    .body(CampaignResourceTest.body("large", recipients))
                    .post("/v1/campaigns")
                    .then().statusCode(201)
                    .body("counts.valid", equalTo(n))
                    .body("batches", equalTo(1000))
                    .body("state", equalTo("RUNNING"))
                    .body("publishing.batches", equalTo(1000))
                    .extract().path("id");
            long answered = System.nanoTime();
            dev.sandesh.broadcast.Publishing.awaitIdle();
            System.out.printf("100,000-recipient campaign created and started (answered) in %d ms, its 1,000 batches published %d ms later%n",
                    (answered - started) / 1_000_000, (System.nanoTime() - answered) / 1_000_000);
            given().auth().oauth2(CampaignResourceTest.KEY).get("/v1/campaigns/" + id).then().statusCode(200)
                    .body("state", equalTo("RUNNING")).body("publishing.published", equalTo(1000));

            assertThat(TestDb.count("SELECT count(*) FROM broadcast.recipient WHERE campaign_id = ?", UUID.fromString(id))).isEqualTo(n);
            BitSet seen = new BitSet(n);
            List<GetResponse> messages = broker.drain(CampaignResourceTest.BATCHES);
            assertThat(messages).hasSize(1000);
            for (GetResponse message : messages) {
                SendBatch batch = WireJson.decode(message.getBody(), SendBatch.class, SendBatch.VERSION);
                assertThat(batch.recipients()).hasSize(100);
                for (SendBatch.Recipient r : batch.recipients()) {
                    assertThat(seen.get((int) r.sequence())).as("sequence %d in two batches", r.sequence()).isFalse();
                    assertThat(r.sequence() / 100).isEqualTo(batch.batchNumber());
                    seen.set((int) r.sequence());
                }
            }
            assertThat(seen.cardinality()).isEqualTo(n);
        }
    }
}
