package dev.sandesh.broadcast.messaging;

import com.rabbitmq.client.GetResponse;
import dev.sandesh.broadcast.TestBroker;
import dev.sandesh.broadcast.TestDb;
import dev.sandesh.broadcast.persistence.OptOutRepository;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: an opt-out that broadcast-service cannot store now (PostgreSQL unreachable, injected:
 * the real database is shared with the other modules' tests) waits and is applied when it can be —
 * never dead-lettered, although the webhook's outbox has already marked it published. Poison is
 * dead-lettered with its reason, and the replay moves a dead letter back to {@code broadcast.optouts}.
 */
@QuarkusTest
class OptOutOutageTest {

    static {
        dev.sandesh.broadcast.FakeWebhookService.get();
    }

    static final String EXCHANGE = "sandesh.optouts";
    static final String QUEUE = "broadcast.optouts";
    static final String DLQ = "broadcast.optouts.dlq";

    /** The real handler, failing the next {@code failures} opt-outs as a refused database connection would. */
    static final class FlakyHandler extends OptOutHandler {
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile RuntimeException error = new RuntimeException("HR000001", new ConnectException("Connection refused: /127.0.0.1:5432"));

        FlakyHandler(OptOutRepository optOuts) {
            super(optOuts);
        }

        @Override
        public Uni<OptOut> handle(byte[] body) {
            calls.incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(error);
            }
            return super.handle(body);
        }
    }

    @Inject
    OptOutRepository optOuts;

    private TestBroker broker;
    private FlakyHandler handler;

    @BeforeEach
    void connect() throws Exception {
        broker = new TestBroker();
        broker.purge(QUEUE);
        broker.purge(DLQ);
        handler = new FlakyHandler(optOuts);
        QuarkusMock.installMockForType(handler, OptOutHandler.class);
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    private static String freshNumber() {
        return String.format("+9196%08d", System.nanoTime() % 100_000_000L);
    }

    private static long optedOut(String phone) {
        return TestDb.count("SELECT count(*) FROM broadcast.opt_out WHERE phone_e164 = ?", phone);
    }

    @Test
    void anOptOutThatCannotReachTheDatabaseWaitsAndIsAppliedNeverDeadLettered() throws Exception {
        handler.failures.set(6);
        String phone = freshNumber();

        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())));

        await().atMost(Duration.ofSeconds(30)).until(() -> optedOut(phone) == 1);
        assertThat(handler.calls.get()).isEqualTo(7);
        assertThat(broker.count(DLQ)).isZero();
    }

    @Test
    void poisonIsDeadLetteredWithItsReasonAndTheReplayBringsAGoodOneBack() throws Exception {
        broker.publish(EXCHANGE, "OptOut", "{\"version\":1,\"phone\":");
        await().atMost(Duration.ofSeconds(15)).until(() -> broker.count(DLQ) == 1);
        List<GetResponse> dead = broker.drain(DLQ);
        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().getProps().getHeaders().get(ConsumerFailures.EXCEPTION_HEADER).toString()).endsWith("Exception");
        assertThat(dead.getFirst().getProps().getHeaders().get(ConsumerFailures.REASON_HEADER).toString()).isNotBlank();
        assertThat(dead.getFirst().getProps().getHeaders().get(ConsumerFailures.QUEUE_HEADER).toString()).isEqualTo(QUEUE);
        assertThat(new String(dead.getFirst().getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"phone\":");

        // A good opt-out that an unexpected error dead-lettered (8 attempts), replayed after the fix.
        String phone = freshNumber();
        handler.error = new IllegalStateException("a bug");
        handler.failures.set(Integer.MAX_VALUE);
        broker.publish(EXCHANGE, "OptOut", WireJson.encode(new OptOut(phone, OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.count(DLQ) == 1);
        assertThat(optedOut(phone)).isZero();

        handler.failures.set(0);
        given().header("Authorization", "Bearer " + ConfigProvider.getConfig().getOptionalValue("sandesh.internal.secret", String.class).orElse(""))
                .post("/internal/v1/dlq/{queue}/replay", QUEUE)
                .then().statusCode(200).body("moved", org.hamcrest.Matchers.equalTo(1));
        await().atMost(Duration.ofSeconds(15)).until(() -> optedOut(phone) == 1);
        assertThat(broker.count(DLQ)).isZero();
    }
}
