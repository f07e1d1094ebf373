package dev.sandesh.sender.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.sender.fake.FakeCloudApi;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two deliveries of one batch at once (a redelivery while the first copy still sends): the second
 * takes over the first's claims whose attempt has not started, reports the started ones UNKNOWN
 * until the first records them, and, because every request waits for its attempt-started mark,
 * which takes effect only for the claim's owner, nobody is sent twice.
 */
@QuarkusTest
class ConcurrentDeliveriesTest {

    private static final int SIZE = 30; // at 20/s (%test rate): 1.5 s of sending

    @Inject
    SendBatchHandler handler;

    @Inject
    FakeCloudApi api;

    @Inject
    Pool pool;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void closeTheBreaker() {
        breakers.resetAll();
    }

    @Test
    void aSecondCopyOfABatchWhileTheFirstStillSendsSendsNobodyTwiceAndEveryoneOnce() throws Exception {
        String phoneNumberId = "11" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L);
        SendBatch batch = batch(phoneNumberId);

        CompletableFuture<BatchOutcome> first = handler.handle(batch, 0, UUID.randomUUID()).subscribeAsCompletionStage();
        // The first copy has sent a few and holds the rest of its claims.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> api.calls(phoneNumberId).size() >= 3);
        CompletableFuture<BatchOutcome> second = handler.handle(batch, 0, UUID.randomUUID()).subscribeAsCompletionStage();

        BatchOutcome firstOutcome = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
        BatchOutcome secondOutcome = second.get(60, java.util.concurrent.TimeUnit.SECONDS);

        for (SendBatch.Recipient r : batch.recipients()) {
            assertThat(api.callsTo(phoneNumberId, r.phone().substring(1))).as("calls to recipient %d", r.sequence()).isEqualTo(1);
        }
        assertThat(api.calls(phoneNumberId)).hasSize(SIZE);
        assertThat(LedgerRows.states(pool, batch.campaignId())).hasSize(SIZE).containsOnlyKeys(
                IntStream.range(0, SIZE).mapToObj(i -> (long) i).toArray(Long[]::new));
        assertThat(LedgerRows.states(pool, batch.campaignId()).values()).as("the first copy's results overwrite the second's UNKNOWN")
                .containsOnly("ACCEPTED");
        // The second copy took over what the first had not started: the first did not send those...
        long takenOver = firstOutcome.recipients().stream()
                .filter(r -> r.result() == BatchOutcome.Result.DEFERRED && Integer.valueOf(-6).equals(r.errorCode())).count();
        assertThat(takenOver).isPositive();
        // ...and each recipient is ACCEPTED in the outcome of the copy that sent it.
        Map<Long, Integer> acceptedBy = new HashMap<>();
        for (BatchOutcome outcome : List.of(firstOutcome, secondOutcome)) {
            outcome.recipients().stream().filter(r -> r.result() == BatchOutcome.Result.ACCEPTED)
                    .forEach(r -> acceptedBy.merge(r.sequence(), 1, Integer::sum));
        }
        assertThat(acceptedBy).hasSize(SIZE).allSatisfy((sequence, copies) -> assertThat(copies).isEqualTo(1));
        // The second copy found each of the first's claims finished (reported as recorded), started by
        // the live first copy (left to it: not reported, never UNKNOWN), or not started (taken over).
        assertThat(secondOutcome.recipients()).as("a live copy's calls are never made UNKNOWN by the other")
                .noneMatch(r -> r.result() == BatchOutcome.Result.UNKNOWN);
        assertThat(firstOutcome.recipients()).noneMatch(r -> r.result() == BatchOutcome.Result.UNKNOWN);
        long leftToTheFirst = SIZE - secondOutcome.recipients().size();
        assertThat(leftToTheFirst).as("the first copy's calls in flight when the second claimed").isPositive();
        assertThat(secondOutcome.recipients().stream().filter(r -> r.result() == BatchOutcome.Result.ACCEPTED).count())
                .isEqualTo(SIZE - leftToTheFirst);
    }

    private static SendBatch batch(String phoneNumberId) {
        long base = 917_000_000_000L + (Math.abs(UUID.randomUUID().getMostSignificantBits()) % 900_000_000L);
        return new SendBatch(UUID.randomUUID(), 3, phoneNumberId, new TemplateRef("sandesh_demo", "en", "marketing"),
                IntStream.range(0, SIZE).mapToObj(i -> new SendBatch.Recipient(i, "+" + (base + i), "IN", List.of("Ravi " + i))).toList());
    }
}
