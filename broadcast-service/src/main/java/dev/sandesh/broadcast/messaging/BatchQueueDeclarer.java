package dev.sandesh.broadcast.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.contracts.Topology;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Map;

/**
 * Declares the batches and control queues from the producing side (DESIGN.md §3: every side declares the
 * queues it uses), so batches published before sender-service ever ran wait in the queue instead
 * of being dropped by an exchange with no binding.
 *
 * <p>The declaration is the one sender-service's connector makes (CONVENTIONS.md): durable quorum
 * queue bound with {@code #}, dead-lettered through the {@code DLX} direct exchange to
 * {@code <queue>.dlq}. RabbitMQ refuses a redeclaration with other arguments, so an existing queue
 * is left exactly as it is (passive check first).
 */
@ApplicationScoped
public class BatchQueueDeclarer {

    private static final Logger LOG = Logger.getLogger(BatchQueueDeclarer.class);

    private final BroadcastConfig config;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final String virtualHost;
    private final String exchange;
    private final String queue;
    private final String controlExchange;
    private final String controlQueue;

    public BatchQueueDeclarer(BroadcastConfig config,
                              @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
                              @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
                              @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
                              @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
                              @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
                              @ConfigProperty(name = "sandesh.topology.batches.exchange") String exchange,
                              @ConfigProperty(name = "sandesh.topology.batches.queue") String queue,
                              @ConfigProperty(name = "sandesh.topology.control.exchange") String controlExchange,
                              @ConfigProperty(name = "sandesh.topology.control.queue") String controlQueue) {
        this.config = config;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.virtualHost = virtualHost;
        this.exchange = exchange;
        this.queue = queue;
        this.controlExchange = controlExchange;
        this.controlQueue = controlQueue;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.declareBatchQueue()) {
            return;
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        try (Connection connection = factory.newConnection("broadcast-service-topology")) {
            declare(connection, exchange, queue);
            declare(connection, controlExchange, controlQueue);
            LOG.infof("declared queues %s and %s (and their .dlq) bound to exchanges %s and %s", queue, controlQueue, exchange, controlExchange);
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // Not fatal: sender-service declares the same queue when it starts.
            LOG.warnf("could not declare queue %s on %s:%d/%s (%s); batches will wait for sender-service to declare it",
                    queue, host, port, virtualHost, e.getMessage());
        }
    }

    private static void declare(Connection connection, String exchange, String queue) throws IOException, java.util.concurrent.TimeoutException {
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(exchange, "topic", true);
            channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, "direct", true);
            if (!exists(connection, queue + ".dlq")) {
                channel.queueDeclare(queue + ".dlq", true, false, false, null);
            }
            channel.queueBind(queue + ".dlq", Topology.DEAD_LETTER_EXCHANGE, queue);
            if (!exists(connection, queue)) {
                channel.queueDeclare(queue, true, false, false, Map.of(
                        "x-queue-type", "quorum",
                        "x-dead-letter-exchange", Topology.DEAD_LETTER_EXCHANGE,
                        "x-dead-letter-routing-key", queue));
            }
            channel.queueBind(queue, exchange, "#");
        }
    }

    /** A passive declare closes its channel when the queue is missing, so it gets a channel of its own. */
    private static boolean exists(Connection connection, String queue) throws IOException, java.util.concurrent.TimeoutException {
        Channel probe = connection.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            return true;
        } catch (IOException missing) {
            return false;
        } finally {
            if (probe.isOpen()) {
                probe.close();
            }
        }
    }
}
