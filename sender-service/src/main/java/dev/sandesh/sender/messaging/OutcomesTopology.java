package dev.sandesh.sender.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.contracts.Topology;
import dev.sandesh.sender.config.SenderConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Map;

/**
 * Declares the outcome route at startup: the {@code sandesh.outcomes} exchange, the
 * {@code webhook.outcomes} quorum queue bound with {@code #}, its dead-letter exchange and DLQ —
 * the same declarations webhook-service's consumer makes (SmallRye's {@code auto-bind-dlq} +
 * {@code dlx.declare} with {@code x-queue-type=quorum}). Without it, outcomes published before
 * webhook-service's first start would be routed nowhere and lost.
 *
 * <p>A queue that already exists is not redeclared, so a difference in its arguments can never make
 * either service fail. The outgoing channel only declares its exchange on the first send, so this is
 * also what makes the exchange exist from the start. A broker that is down only costs a warning: the
 * connector reconnects on its own.
 */
@ApplicationScoped
public class OutcomesTopology {

    private static final Logger LOG = Logger.getLogger(OutcomesTopology.class);

    private final SenderConfig config;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final String exchange;
    private final String queue;

    public OutcomesTopology(SenderConfig config,
                            @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
                            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
                            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
                            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
                            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
                            @ConfigProperty(name = "sandesh.topology.outcomes.exchange") String exchange,
                            @ConfigProperty(name = "sandesh.topology.outcomes.queue") String queue) {
        this.config = config;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.virtualHost = virtualHost;
        this.exchange = exchange;
        this.queue = queue;
    }

    void declareOnStart(@Observes StartupEvent start) {
        if (!config.declareOutcomesQueue()) {
            return;
        }
        var factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        try (Connection connection = factory.newConnection("sender-service-topology")) {
            declare(connection);
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.warnf("could not declare the outcome route (%s -> %s) at startup: %s", exchange, queue, e.toString());
        }
    }

    private void declare(Connection connection) throws IOException, java.util.concurrent.TimeoutException {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        }
        if (exists(connection, queue)) {
            return;
        }
        String deadLetterQueue = queue + ".dlq";
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            channel.queueDeclare(deadLetterQueue, true, false, false, null);
            channel.queueBind(deadLetterQueue, Topology.DEAD_LETTER_EXCHANGE, queue);
            channel.queueDeclare(queue, true, false, false, Map.of(
                    "x-queue-type", "quorum",
                    "x-dead-letter-exchange", Topology.DEAD_LETTER_EXCHANGE,
                    "x-dead-letter-routing-key", queue));
            channel.queueBind(queue, exchange, "#");
        }
        LOG.infof("declared %s bound to %s, with dead-letter queue %s", queue, exchange, deadLetterQueue);
    }

    /** A passive declaration fails (and closes its channel) when the queue does not exist. */
    private static boolean exists(Connection connection, String queue) throws IOException, java.util.concurrent.TimeoutException {
        Channel channel = connection.createChannel();
        try {
            channel.queueDeclarePassive(queue);
            return true;
        } catch (IOException notFound) {
            return false;
        } finally {
            if (channel.isOpen()) {
                channel.close();
            }
        }
    }
}
