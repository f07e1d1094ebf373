package dev.sandesh.support.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.support.config.ConsumerConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Deliveries} without a service: the real RabbitMQ on the virtual host
 * {@value #VHOST} (deploy/local/ensure-infra.sh makes it), a route of the test's own, and
 * in-process messages whose ack and nack are counted.
 */
class DeliveriesTest {

    static final String VHOST = "sandesh-test-support";
    static final String CHANNEL = "support-tests";
    static final Topology.Route ROUTE = new Topology.Route("support-tests", "sandesh.support-tests", "support.tests");

    /** {@code sandesh.consumers.*} with waits of a few milliseconds. */
    record Consumers(Duration backoffInitial, Duration backoffMax, int unexpectedAttempts, Duration holdLimit,
                     Duration confirmTimeout, Duration stepTimeout, Duration stallAfter, Duration deadAfter)
            implements ConsumerConfig {

        static Consumers quick() {
            return new Consumers(Duration.ofMillis(1), Duration.ofMillis(5), 3, Duration.ofMinutes(25), Duration.ofSeconds(10),
                    Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10));
        }

        Consumers holdingAtMost(Duration limit) {
            return new Consumers(backoffInitial, backoffMax, unexpectedAttempts, limit, confirmTimeout, stepTimeout, stallAfter, deadAfter);
        }
    }

    /** An in-process delivery that counts its acks and records each nack's metadata. */
    static final class Delivery {
        final AtomicInteger acks = new AtomicInteger();
        final List<Metadata> nacks = new CopyOnWriteArrayList<>();
        final Message<byte[]> message;

        Delivery(String body) {
            message = Message.of(body.getBytes(StandardCharsets.UTF_8), Metadata.empty(),
                    metadata -> {
                        acks.incrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    (failure, metadata) -> {
                        nacks.add(metadata == null ? Metadata.empty() : metadata);
                        return CompletableFuture.completedFuture(null);
                    });
        }
    }

    static Vertx vertx;
    BrokerAdmin broker;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The broker settings the services read (rabbitmq-*; RABBITMQ_HOST and the like override them), on the test vhost. */
    static Config settings(Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of(
                "rabbitmq-host", "localhost",
                "rabbitmq-port", "5672",
                "rabbitmq-username", "guest",
                "rabbitmq-password", "guest",
                "rabbitmq-virtual-host", VHOST,
                "quarkus.application.name", "service-support-tests"));
        values.putAll(more);
        return new SmallRyeConfigBuilder().addDefaultSources().withSources(new PropertiesConfigSource(values, "tests", 100)).build();
    }

    @BeforeEach
    void emptyRoute() throws IOException {
        Config settings = settings(Map.of());
        RouteDeclarer.declare(RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class)), "service-support-tests",
                List.of(ROUTE));
        broker = new BrokerAdmin(settings);
        broker.call(connection -> {
            try (Channel channel = connection.createChannel()) {
                channel.queuePurge(ROUTE.queue());
                channel.queuePurge(ROUTE.deadLetterQueue());
            }
            return true;
        }).await().indefinitely();
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    Deliveries deliveries(ConsumerConfig config, BrokerAdmin admin) {
        return new Deliveries(config, admin, vertx, settings(Map.of()), ConsumedRoutes.of(CHANNEL, ROUTE));
    }

    GetResponse deadLetter() {
        return broker.call(connection -> {
            try (Channel channel = connection.createChannel()) {
                return channel.basicGet(ROUTE.deadLetterQueue(), true);
            }
        }).await().indefinitely();
    }

    @Test
    void workDoneIsAcked() {
        Delivery delivery = new Delivery("{\"ok\":true}");
        AtomicInteger attempts = new AtomicInteger();

        deliveries(Consumers.quick(), broker).settle(delivery.message, CHANNEL, "test message",
                () -> Uni.createFrom().item(attempts.incrementAndGet())).await().indefinitely();

        assertThat(attempts).hasValue(1);
        assertThat(delivery.acks).hasValue(1);
        assertThat(delivery.nacks).isEmpty();
        assertThat(deadLetter()).isNull();
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnceWithTheReasonThenAcked() {
        Delivery delivery = new Delivery("{\"not\":\"a send batch\"}");
        AtomicInteger attempts = new AtomicInteger();

        deliveries(Consumers.quick(), broker).settle(delivery.message, CHANNEL, "test message", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new WireFormatException("not a SendBatch"));
        }).await().indefinitely();

        assertThat(attempts).hasValue(1);
        assertThat(delivery.acks).hasValue(1);
        assertThat(delivery.nacks).isEmpty();
        GetResponse dead = deadLetter();
        assertThat(dead).isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"a send batch\"}");
        assertThat(dead.getProps().getHeaders().get(ConsumerFailures.QUEUE_HEADER)).hasToString(ROUTE.queue());
        assertThat(dead.getProps().getHeaders().get(ConsumerFailures.REASON_HEADER)).hasToString("WireFormatException: not a SendBatch");
    }

    @Test
    void anOutageIsWaitedOutAndTheDeliveryAckedWhenTheWorkSucceeds() {
        Delivery delivery = new Delivery("{\"ok\":true}");
        AtomicInteger attempts = new AtomicInteger();
        Deliveries deliveries = deliveries(Consumers.quick(), broker);

        deliveries.settle(delivery.message, CHANNEL, "test message", () -> attempts.incrementAndGet() <= 5
                ? Uni.createFrom().failure(new ConnectException("Connection refused: localhost/127.0.0.1:5432"))
                : Uni.createFrom().item(true)).await().indefinitely();

        assertThat(attempts).as("more attempts than unexpected-attempts: an outage is not counted").hasValue(6);
        assertThat(delivery.acks).hasValue(1);
        assertThat(delivery.nacks).isEmpty();
        assertThat(deadLetter()).isNull();
        Deliveries.Activity activity = deliveries.activity(CHANNEL);
        assertThat(activity.lastFailure()).hasValue("ConnectException: Connection refused: localhost/127.0.0.1:5432");
        assertThat(activity.inFlight()).isZero();
        assertThat(activity.waitingSince()).isEmpty();
    }

    @Test
    void aDeliveryHeldThroughAnOutagePastTheHoldLimitIsRequeuedNotDeadLettered() {
        Delivery delivery = new Delivery("{\"ok\":true}");

        deliveries(Consumers.quick().holdingAtMost(Duration.ZERO), broker).settle(delivery.message, CHANNEL, "test message",
                () -> Uni.createFrom().failure(new ConnectException("Connection refused"))).await().indefinitely();

        assertThat(delivery.acks).hasValue(0);
        assertThat(delivery.nacks).singleElement().satisfies(metadata ->
                assertThat(metadata.get(RabbitMQRejectMetadata.class)).hasValueSatisfying(reject -> assertThat(reject.isRequeue()).isTrue()));
        assertThat(deadLetter()).isNull();
    }

    @Test
    void anUnexpectedFailureIsRetriedUnexpectedAttemptsTimesThenDeadLettered() {
        Delivery delivery = new Delivery("{\"ok\":true}");
        AtomicInteger attempts = new AtomicInteger();

        deliveries(Consumers.quick(), broker).settle(delivery.message, CHANNEL, "test message", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("a bug"));
        }).await().indefinitely();

        assertThat(attempts).hasValue(3);
        assertThat(delivery.acks).hasValue(1);
        GetResponse dead = deadLetter();
        assertThat(dead).isNotNull();
        assertThat(dead.getProps().getHeaders().get(ConsumerFailures.EXCEPTION_HEADER)).hasToString(IllegalStateException.class.getName());
    }

    @Test
    void withoutTheBrokerAPoisonMessageIsRejectedIntoTheDeadLetterQueueWithoutTheReason() {
        // Port 1 on localhost: nothing listens, the admin connection is refused at once.
        BrokerAdmin unreachable = new BrokerAdmin(settings(Map.of("rabbitmq-port", "1")));
        Delivery delivery = new Delivery("{\"not\":\"a send batch\"}");
        try {
            deliveries(Consumers.quick(), unreachable).settle(delivery.message, CHANNEL, "test message",
                    () -> Uni.createFrom().failure(new WireFormatException("not a SendBatch"))).await().indefinitely();
        } finally {
            unreachable.close();
        }

        assertThat(delivery.acks).hasValue(0);
        assertThat(delivery.nacks).singleElement().satisfies(metadata ->
                assertThat(metadata.get(RabbitMQRejectMetadata.class)).as("no requeue: the queue dead-letters it").isEmpty());
    }

    @Test
    void aChannelSwitchedOffIsNoConsumerButStillAQueueToReplay() {
        Topology.Route other = new Topology.Route("support-other", "sandesh.support-other", "support.other");
        Deliveries deliveries = new Deliveries(Consumers.quick(), broker, vertx,
                settings(Map.of("mp.messaging.incoming.support-other.enabled", "false")),
                ConsumedRoutes.of(CHANNEL, ROUTE).and("support-other", other));

        assertThat(deliveries.routes()).containsOnlyKeys(CHANNEL);
        assertThat(deliveries.consumedRoutes()).containsOnlyKeys(CHANNEL, "support-other");
        assertThat(deliveries.activity("support-other")).isNull();
        assertThatThrownBy(() -> deliveries.settle(new Delivery("{}").message, "no-such-channel", "test message",
                () -> Uni.createFrom().item(true))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-channel");
    }
}
