package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.InternalSignature;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.contracts.WireJson;
import dev.sandesh.sender.fake.FakeCloudApi;
import dev.sandesh.sender.fake.FakeCloudApi.Script;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The drain of a shutdown ({@link SenderDrain}), started by hand: it ends the app's ability to send,
 * so it runs in an app of its own (a test profile). The batch being sent finishes the requests in
 * flight and records them, releases every recipient still waiting, and is handed back rather than
 * reported; a new batch is refused (503 over HTTP) before anything is claimed.
 */
@QuarkusTest
@TestProfile(ShutdownDrainTest.OwnApp.class)
class ShutdownDrainTest {

    /** A profile of its own: the drain cannot be undone. */
    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    private static final int SIZE = 40; // at 20/s (%test rate): 2 s of sending

    @Inject
    SendBatchHandler handler;

    @Inject
    SenderDrain drain;

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Test
    void aShutdownRecordsTheRequestsInFlightReleasesTheWaitingRecipientsAndHandsTheBatchBack() throws Exception {
        String phoneNumberId = "12" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
        SendBatch batch = batch(phoneNumberId);
        // Recipient 2 answers slowly (well within the 1 s test timeout, so a busy machine cannot turn it
        // into a timeout): it is in flight when the drain starts, at the 4th call 100 ms after it.
        api.script(batch.recipients().get(2).phone().substring(1), new Script.Slow(Duration.ofMillis(400)));

        CompletableFuture<BatchOutcome> sending = handler.handle(batch, 0, UUID.randomUUID()).subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> api.calls(phoneNumberId).size() >= 4);
        drain.start("test");

        Throwable ended = catchThrowable(() -> sending.get(30, TimeUnit.SECONDS));
        assertThat(ended).isInstanceOf(ExecutionException.class).cause().isInstanceOf(SenderDrainedException.class);
        int released = ((SenderDrainedException) ended.getCause()).released();

        int called = api.calls(phoneNumberId).size();
        assertThat(called).isLessThan(SIZE);
        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(phoneNumberId, r.phone().substring(1))).as("calls to recipient %d", r.sequence()).isLessThanOrEqualTo(1);
        }
        Map<Long, String> ledger = LedgerRows.states(pool, batch.campaignId());
        // Every request that left was answered and recorded (the slow one too); nobody is left CLAIMED or UNKNOWN.
        assertThat(ledger.values()).containsOnly("ACCEPTED");
        assertThat(ledger).hasSize(called).containsKey(2L);
        assertThat(released).isEqualTo(SIZE - called);

        // A batch arriving now is refused before its claim: the AMQP consumer holds it, the HTTP adapter answers 503.
        SendBatch next = batch(phoneNumberId);
        Throwable refused = catchThrowable(() -> handler.handle(next, 0, UUID.randomUUID()).await().atMost(Duration.ofSeconds(10)));
        assertThat(refused).isInstanceOf(SenderDrainedException.class);
        given().headers(InternalSignature.installed().headers(next.type(), WireJson.encode(next))).contentType("application/json")
                .body(WireJson.encode(next))
                .post("/internal/cloudevents/batches").then().statusCode(503).header("Retry-After", "1");
        assertThat(LedgerRows.states(pool, next.campaignId())).isEmpty();
        assertThat(api.calls(phoneNumberId)).as("nothing left after the drain began").hasSize(called);
    }

    private static SendBatch batch(String phoneNumberId) {
        long base = 916_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        return new SendBatch(UUID.randomUUID(), 5, phoneNumberId, new TemplateRef("sandesh_demo", "en", "marketing"),
                IntStream.range(0, SIZE).mapToObj(i -> new SendBatch.Recipient(i, "+" + (base + i), "IN", List.of("Meena " + i))).toList());
    }
}
