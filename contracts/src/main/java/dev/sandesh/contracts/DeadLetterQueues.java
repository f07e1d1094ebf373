package dev.sandesh.contracts;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Dead letters with a reason, and their way back ({@code POST /internal/v1/dlq/{queue}/replay}).
 *
 * <p>SmallRye's {@code failure-strategy=reject} nacks a message into {@code <queue>.dlq} through
 * {@link Topology#DEAD_LETTER_EXCHANGE}, and RabbitMQ adds only its {@code x-death} header
 * ("rejected"): no word of why. So a consumer dead-letters a poison message itself: it publishes the
 * message as it came (body, properties, headers) to {@code DLX} with routing key {@code <queue>} (the
 * binding of {@code <queue>.dlq}, see {@link RouteDeclarer}), adding
 * {@link ConsumerFailures#REASON_HEADER}, {@link ConsumerFailures#EXCEPTION_HEADER} and
 * {@link ConsumerFailures#QUEUE_HEADER}, waits for the broker's confirm, and only then acks the delivery.
 *
 * <p>Blocking calls of the RabbitMQ Java client: run them on a worker thread, on a connection of
 * their own (not the connector's).
 */
public final class DeadLetterQueues {

    /** Messages moved per publisher confirm during a replay. */
    public static final int REPLAY_PAGE = 100;

    private DeadLetterQueues() {
    }

    /** Ready messages in {@code queue} (a passive declare, on a channel of its own: a missing queue closes it). */
    public static long depth(Connection connection, String queue) throws IOException, TimeoutException {
        Channel channel = connection.createChannel();
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } finally {
            if (channel.isOpen()) {
                channel.close();
            }
        }
    }

    /**
     * Publishes {@code body} with {@code original}'s properties plus the reason headers to
     * {@code <queue>.dlq} and waits for the confirm.
     *
     * @throws IOException      when the broker refused or the connection is gone
     * @throws TimeoutException when the broker did not confirm within {@code confirmTimeout}
     */
    public static void deadLetter(Connection connection, String queue, byte[] body, BasicProperties original,
                                  Throwable failure, Duration confirmTimeout) throws IOException, TimeoutException {
        Map<String, Object> headers = new HashMap<>();
        if (original != null && original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.put(ConsumerFailures.REASON_HEADER, ConsumerFailures.reason(failure));
        headers.put(ConsumerFailures.EXCEPTION_HEADER, failure.getClass().getName());
        headers.put(ConsumerFailures.QUEUE_HEADER, queue);
        AMQP.BasicProperties properties = builder(original).headers(headers).build();
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(Topology.DEAD_LETTER_EXCHANGE, queue, true, properties, body == null ? new byte[0] : body);
            try {
                channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the dead letter's confirm", interrupted);
            }
        }
    }

    /**
     * Moves up to {@code max} messages from {@code <queue>.dlq} back to {@code queue}, through the
     * default exchange (to that queue only: {@code sandesh.optouts} feeds two queues, and a replay
     * for one must not reach the other). Page by page: {@link #REPLAY_PAGE} messages taken
     * ({@code basic.get}, unacked), published with confirms, then acked in the DLQ at once — a crash
     * in between leaves them in the DLQ (and maybe also in the queue: every consumer is idempotent),
     * never lost. The reason headers are dropped, {@link ConsumerFailures#REPLAYS_HEADER} counts the replays.
     *
     * @return how many messages moved
     */
    public static long replay(Connection connection, String queue, long max, Duration confirmTimeout)
            throws IOException, TimeoutException {
        String deadLetterQueue = queue + ".dlq";
        long moved = 0;
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            while (moved < max) {
                long lastTag = -1;
                int inPage = 0;
                while (inPage < REPLAY_PAGE && moved + inPage < max) {
                    GetResponse response = channel.basicGet(deadLetterQueue, false);
                    if (response == null) {
                        break;
                    }
                    channel.basicPublish("", queue, true, replayed(response.getProps()), response.getBody());
                    lastTag = response.getEnvelope().getDeliveryTag();
                    inPage++;
                }
                if (inPage == 0) {
                    break;
                }
                try {
                    channel.waitForConfirmsOrDie(confirmTimeout.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the replay's confirms", interrupted);
                }
                channel.basicAck(lastTag, true);
                moved += inPage;
            }
        }
        return moved;
    }

    static AMQP.BasicProperties replayed(BasicProperties original) {
        Map<String, Object> headers = new HashMap<>();
        if (original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.remove(ConsumerFailures.REASON_HEADER);
        headers.remove(ConsumerFailures.EXCEPTION_HEADER);
        headers.remove(ConsumerFailures.QUEUE_HEADER);
        headers.remove("x-death");
        headers.remove("x-first-death-exchange");
        headers.remove("x-first-death-queue");
        headers.remove("x-first-death-reason");
        headers.remove("x-last-death-exchange");
        headers.remove("x-last-death-queue");
        headers.remove("x-last-death-reason");
        Object replays = original.getHeaders() == null ? null : original.getHeaders().get(ConsumerFailures.REPLAYS_HEADER);
        int previous = 0;
        if (replays != null) {
            try {
                previous = Integer.parseInt(replays.toString().trim());
            } catch (NumberFormatException ignored) {
                previous = 0;
            }
        }
        headers.put(ConsumerFailures.REPLAYS_HEADER, previous + 1);
        return builder(original).headers(headers).build();
    }

    private static AMQP.BasicProperties.Builder builder(BasicProperties original) {
        AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder().deliveryMode(2);
        if (original == null) {
            return builder;
        }
        return builder.contentType(original.getContentType())
                .contentEncoding(original.getContentEncoding())
                .deliveryMode(original.getDeliveryMode() == null ? 2 : original.getDeliveryMode())
                .priority(original.getPriority())
                .correlationId(original.getCorrelationId())
                .replyTo(original.getReplyTo())
                .messageId(original.getMessageId())
                .timestamp(original.getTimestamp())
                .type(original.getType())
                .appId(original.getAppId());
    }
}
