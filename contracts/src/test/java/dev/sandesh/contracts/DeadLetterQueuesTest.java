package dev.sandesh.contracts;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real RabbitMQ (vhost {@code sandesh-systest}), on a route of its own: a dead letter
 * carries its reason, and a replay moves every message (more than a page) back to its queue only.
 */
class DeadLetterQueuesTest {

    private static final Topology.Route ROUTE = new Topology.Route("test", "sandesh.test.dlq", "test.dlq-replay");
    private static final Topology.Route SIBLING = new Topology.Route("test", "sandesh.test.dlq", "test.dlq-sibling");
    private static final RouteDeclarer.Broker BROKER = RouteDeclarer.Broker.from(key -> Optional.ofNullable(Map.of(
            "rabbitmq-host", "127.0.0.1", "rabbitmq-virtual-host", "sandesh-systest").get(key)));

    @Test
    void aDeadLetterCarriesItsReasonAndAReplayMovesEveryOneBackToItsOwnQueue() throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost(BROKER.host());
        factory.setVirtualHost(BROKER.virtualHost());
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            for (Topology.Route route : List.of(ROUTE, SIBLING)) {
                channel.queueDelete(route.queue());
                channel.queueDelete(route.deadLetterQueue());
            }
            RouteDeclarer.declare(BROKER, "dead-letter-test", List.of(ROUTE, SIBLING));

            AMQP.BasicProperties original = new AMQP.BasicProperties.Builder()
                    .contentType("application/json").messageId("m-1").headers(Map.of("type", "send-batch")).build();
            DeadLetterQueues.deadLetter(connection, ROUTE.queue(), "{\"v\":1}".getBytes(StandardCharsets.UTF_8), original,
                    new WireFormatException("not a SendBatch"), Duration.ofSeconds(5));
            for (int i = 0; i < DeadLetterQueues.REPLAY_PAGE + 50; i++) {
                DeadLetterQueues.deadLetter(connection, ROUTE.queue(), ("n" + i).getBytes(StandardCharsets.UTF_8), null,
                        new IllegalStateException("bug " + i), Duration.ofSeconds(5));
            }

            GetResponse first = await(channel, ROUTE.deadLetterQueue());
            assertThat(first.getProps().getHeaders())
                    .containsEntry(ConsumerFailures.EXCEPTION_HEADER, reread("dev.sandesh.contracts.WireFormatException"))
                    .containsEntry(ConsumerFailures.QUEUE_HEADER, reread(ROUTE.queue()));
            assertThat(first.getProps().getHeaders().get(ConsumerFailures.REASON_HEADER).toString())
                    .isEqualTo("WireFormatException: not a SendBatch");
            assertThat(first.getProps().getHeaders().get("type").toString()).isEqualTo("send-batch");
            assertThat(first.getProps().getMessageId()).isEqualTo("m-1");
            channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
            waitForDepth(connection, ROUTE.deadLetterQueue(), DeadLetterQueues.REPLAY_PAGE + 51);

            long moved = DeadLetterQueues.replay(connection, ROUTE.queue(), Long.MAX_VALUE, Duration.ofSeconds(5));

            assertThat(moved).isEqualTo(DeadLetterQueues.REPLAY_PAGE + 51);
            assertThat(DeadLetterQueues.depth(connection, ROUTE.deadLetterQueue())).isZero();
            waitForDepth(connection, ROUTE.queue(), DeadLetterQueues.REPLAY_PAGE + 51);
            assertThat(DeadLetterQueues.depth(connection, SIBLING.queue())).isZero();
            GetResponse back = await(channel, ROUTE.queue());
            assertThat(back.getProps().getHeaders()).doesNotContainKeys(ConsumerFailures.REASON_HEADER, ConsumerFailures.EXCEPTION_HEADER)
                    .containsEntry(ConsumerFailures.REPLAYS_HEADER, 1);
            assertThat(DeadLetterQueues.replay(connection, ROUTE.queue(), 10, Duration.ofSeconds(5))).isZero();

            for (Topology.Route route : List.of(ROUTE, SIBLING)) {
                channel.queueDelete(route.queue());
                channel.queueDelete(route.deadLetterQueue());
            }
            channel.exchangeDelete(ROUTE.exchange());
        }
    }

    /** Header strings come back as LongStrings; compare their text. */
    private static Object reread(String text) {
        return com.rabbitmq.client.impl.LongStringHelper.asLongString(text);
    }

    private static GetResponse await(Channel channel, String queue) throws Exception {
        for (int i = 0; i < 100; i++) {
            GetResponse response = channel.basicGet(queue, false);
            if (response != null) {
                return response;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing arrived in " + queue);
    }

    private static void waitForDepth(com.rabbitmq.client.Connection connection, String queue, long depth) throws Exception {
        for (int i = 0; i < 100 && DeadLetterQueues.depth(connection, queue) != depth; i++) {
            Thread.sleep(50);
        }
        assertThat(DeadLetterQueues.depth(connection, queue)).isEqualTo(depth);
    }
}
