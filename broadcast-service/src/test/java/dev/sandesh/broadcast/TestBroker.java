package dev.sandesh.broadcast;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import dev.sandesh.contracts.InternalSignature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and writes the test vhost's queues directly, as another service would. */
public final class TestBroker implements AutoCloseable {

    public static final String VHOST = "sandesh-test-broadcast";

    private final Connection connection;
    private final Channel channel;

    public TestBroker() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("127.0.0.1");
            factory.setPort(5672);
            factory.setUsername("guest");
            factory.setPassword("guest");
            factory.setVirtualHost(VHOST);
            connection = factory.newConnection("broadcast-service-tests");
            channel = connection.createChannel();
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ vhost " + VHOST + " not reachable (deploy/local/ensure-infra.sh)", e);
        }
    }

    /** Empties the queue once the app's background publishing is done (so no batch of before arrives after). */
    public void purge(String queue) throws Exception {
        Publishing.awaitIdle();
        channel.queuePurge(queue);
    }

    /** Takes every message in the queue once the app's background publishing is done, acking each. */
    public List<GetResponse> drain(String queue) throws Exception {
        Publishing.awaitIdle();
        List<GetResponse> messages = new ArrayList<>();
        GetResponse message;
        while ((message = channel.basicGet(queue, true)) != null) {
            messages.add(message);
        }
        return messages;
    }

    /** The queue's depth once the app's background publishing is done. */
    public long count(String queue) throws Exception {
        Publishing.awaitIdle();
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** Signed as webhook-service's {@code WireMessages} signs it (the app's installed internal secret). */
    public void publish(String exchange, String type, byte[] body) throws Exception {
        Map<String, Object> headers = new java.util.HashMap<>(InternalSignature.installed().headers(type, body));
        headers.put("type", type);
        publish(exchange, body, headers);
    }

    /** As an outsider would publish it: no signature. */
    public void publishUnsigned(String exchange, String type, byte[] body) throws Exception {
        publish(exchange, body, Map.of("type", type));
    }

    public void publishWithHeaders(String exchange, byte[] body, Map<String, Object> headers) throws Exception {
        publish(exchange, body, headers);
    }

    private void publish(String exchange, byte[] body, Map<String, Object> headers) throws Exception {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json").deliveryMode(2).headers(headers).build();
        channel.confirmSelect();
        channel.basicPublish(exchange, "optout", properties, body);
        channel.waitForConfirmsOrDie(5_000);
    }

    public void publish(String exchange, String type, String body) throws Exception {
        publish(exchange, type, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
