package dev.sandesh.webhook.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.Topology;
import dev.sandesh.webhook.config.OutcomeConfig;
import dev.sandesh.webhook.persistence.StatusRecorder;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.deadLetters;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.publishOutcome;
import static dev.sandesh.webhook.TestSupport.publishRaw;
import static dev.sandesh.webhook.TestSupport.purgeOutcomeQueues;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages are waits, not failures (issue 13): an outcome whose store cannot reach PostgreSQL is held
 * and retried until it can — recorded, never dead-lettered — while a poison one is dead-lettered
 * at once with its reason, and the replay moves it back to {@code webhook.outcomes}. The database
 * failure is injected (the real one is shared with the other modules' tests).
 */
@QuarkusTest
class OutcomeOutageTest {

    /** The real handler, failing the next {@code failures} outcomes as a refused connection would. */
    static final class FlakyHandler extends OutcomeHandler {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        FlakyHandler(StatusRecorder recorder, OutcomeConfig config) {
            super(recorder, config);
        }

        @Override
        public Uni<Void> handle(byte[] body) {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("pool", new ConnectException("Connection refused: 127.0.0.1:5432")));
            }
            return super.handle(body);
        }
    }

    @Inject
    StatusRecorder recorder;

    @Inject
    OutcomeConfig config;

    FlakyHandler handler;

    @BeforeEach
    void inject() {
        purgeOutcomeQueues();
        cleanTables();
        handler = new FlakyHandler(recorder, config);
        QuarkusMock.installMockForType(handler, OutcomeHandler.class);
    }

    @Test
    void anOutcomeThatCannotReachTheDatabaseWaitsAndIsRecordedNotDeadLettered() {
        handler.failures.set(6);
        String wamid = "wamid." + UUID.randomUUID();

        publishOutcome(new BatchOutcome(UUID.randomUUID(), 0, "106540352242922", List.of(RecipientOutcome.accepted(0, "IN", wamid))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(messageStatus(wamid)).isNotNull().containsEntry("status", "accepted"));
        assertThat(handler.calls.get()).isEqualTo(7);
        assertThat(deadLetters()).isZero();
    }

    @Test
    void aPoisonOutcomeIsDeadLetteredWithItsReasonAndTheReplayMovesItBack() throws Exception {
        publishRaw("{not json".getBytes(StandardCharsets.UTF_8), "BatchOutcome");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(deadLetters()).isEqualTo(1));
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            GetResponse dead = channel.basicGet(Topology.OUTCOMES.deadLetterQueue(), false);
            assertThat(dead.getProps().getHeaders().get(ConsumerFailures.REASON_HEADER).toString()).isNotBlank();
            assertThat(dead.getProps().getHeaders().get(ConsumerFailures.EXCEPTION_HEADER).toString()).endsWith("Exception");
            assertThat(dead.getProps().getHeaders().get(ConsumerFailures.QUEUE_HEADER).toString()).isEqualTo(Topology.OUTCOMES.queue());
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            channel.basicNack(dead.getEnvelope().getDeliveryTag(), false, true);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetters()).isEqualTo(1));
        int before = handler.calls.get();

        given().header("Authorization", "Bearer " + ConfigProvider.getConfig().getOptionalValue("sandesh.internal.secret", String.class).orElse(""))
                .post("/internal/v1/dlq/{queue}/replay", Topology.OUTCOMES.queue())
                .then().statusCode(200).body("moved", org.hamcrest.Matchers.equalTo(1));

        // Back in webhook.outcomes, taken up again, still poison: dead-lettered again, counted as replayed once.
        await().atMost(Duration.ofSeconds(15)).until(() -> handler.calls.get() > before && deadLetters() == 1);
        try (Connection connection = factory().newConnection(); Channel channel = connection.createChannel()) {
            GetResponse again = channel.basicGet(Topology.OUTCOMES.deadLetterQueue(), true);
            assertThat(again.getProps().getHeaders().get(ConsumerFailures.REPLAYS_HEADER)).isEqualTo(1);
        }
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost("sandesh-test-webhook");
        return factory;
    }
}
