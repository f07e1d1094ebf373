package dev.sandesh.contracts;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real RabbitMQ (vhost {@code sandesh-systest}, made by deploy/local/ensure-infra.sh),
 * with a route of its own so it never touches a real queue.
 */
class RouteDeclarerTest {

    private static final Topology.Route ROUTE = new Topology.Route("test", "sandesh.test.declarer", "test.declarer");
    private static final RouteDeclarer.Broker BROKER = RouteDeclarer.Broker.from(key -> Optional.ofNullable(Map.of(
            "rabbitmq-host", "127.0.0.1", "rabbitmq-virtual-host", "sandesh-systest").get(key)));

    @Test
    void declaresTheQueueBoundToItsExchangeWithADeadLetterQueueAndDeclaringAgainChangesNothing() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost(BROKER.host());
        factory.setVirtualHost(BROKER.virtualHost());
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.queueDelete(ROUTE.queue());
            channel.queueDelete(ROUTE.deadLetterQueue());

            RouteDeclarer.declare(BROKER, "route-declarer-test", List.of(ROUTE));
            RouteDeclarer.declare(BROKER, "route-declarer-test", List.of(ROUTE));

            channel.basicPublish(ROUTE.exchange(), "anything", null, "hello".getBytes());
            channel.queueDeclarePassive(ROUTE.deadLetterQueue());
            // RabbitMQ accepts a redeclaration only with equivalent arguments: this fails for a classic DLQ.
            channel.queueDeclare(ROUTE.deadLetterQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
            var message = awaitMessage(channel, ROUTE.queue());
            assertThat(new String(message)).isEqualTo("hello");

            channel.queueDelete(ROUTE.queue());
            channel.queueDelete(ROUTE.deadLetterQueue());
            channel.exchangeDelete(ROUTE.exchange());
        }
    }

    @Test
    void brokerSettingsDefaultToALocalBrokerAsGuest() {
        var broker = RouteDeclarer.Broker.from(key -> Optional.empty());

        assertThat(broker).isEqualTo(new RouteDeclarer.Broker("localhost", 5672, "guest", "guest", "/"));
        assertThat(broker.toString()).doesNotContain("guest");
    }

    private static byte[] awaitMessage(com.rabbitmq.client.Channel channel, String queue) throws Exception {
        for (int i = 0; i < 50; i++) {
            var response = channel.basicGet(queue, true);
            if (response != null) {
                return response.getBody();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing arrived on " + queue);
    }
}
