package dev.sandesh.contracts;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Declares {@link Topology} routes from whichever side uses them (DESIGN.md §3: "queues are declared
 * by every side that uses them"), so a producer that starts before its consumer never publishes into
 * an exchange with no queue bound. One declaration for every service, because RabbitMQ refuses a
 * redeclaration with different arguments: a durable topic exchange; a durable quorum queue bound with
 * {@code #}, dead-lettered through the direct exchange {@link Topology#DEAD_LETTER_EXCHANGE} to the
 * durable quorum queue {@code <queue>.dlq} with routing key {@code <queue>} — exactly what SmallRye's
 * RabbitMQ connector declares for a consumer with {@code queue.x-queue-type=quorum},
 * {@code auto-bind-dlq}, {@code dead-letter-queue-type=quorum} and {@code dlx.declare}, and what
 * {@code k8s/base/rabbitmq-topology.yaml} declares on a cluster.
 *
 * <p>A queue that already exists is left exactly as it is (a passive check first), so an older
 * declaration can never make a service fail to start.
 */
public final class RouteDeclarer {

    private RouteDeclarer() {
    }

    /** Where the broker is, read from the apps' documented keys ({@code rabbitmq-host} …). */
    public record Broker(String host, int port, String username, String password, String virtualHost) {

        /** @param setting the app's configuration, e.g. {@code key -> config.getOptionalValue(key, String.class)} */
        public static Broker from(Function<String, Optional<String>> setting) {
            return new Broker(setting.apply("rabbitmq-host").orElse("localhost"),
                    Integer.parseInt(setting.apply("rabbitmq-port").orElse("5672")),
                    setting.apply("rabbitmq-username").orElse("guest"),
                    setting.apply("rabbitmq-password").orElse("guest"),
                    setting.apply("rabbitmq-virtual-host").orElse("/"));
        }

        /** A client connection factory for this broker, giving up a connection attempt after {@code timeoutMillis}. */
        public ConnectionFactory connectionFactory(int timeoutMillis) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(host);
            factory.setPort(port);
            factory.setUsername(username);
            factory.setPassword(password);
            factory.setVirtualHost(virtualHost);
            factory.setConnectionTimeout(timeoutMillis);
            return factory;
        }

        @Override
        public String toString() {
            return host + ":" + port + "/" + virtualHost;
        }
    }

    /**
     * Declares each route on a short-lived connection named {@code connectionName}.
     *
     * @throws IOException when the broker cannot be reached or refuses a declaration
     */
    public static void declare(Broker broker, String connectionName, Collection<Topology.Route> routes) throws IOException {
        try (Connection connection = broker.connectionFactory(5_000).newConnection(connectionName)) {
            for (Topology.Route route : routes) {
                declare(connection, route);
            }
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + broker + " did not answer in time", e);
        }
    }

    /**
     * {@link #declare(Broker, String, Collection)} at a service's start-up, where a broker that is
     * down must not stop the service (its connector reconnects, and the other side declares the
     * same routes): never throws.
     *
     * @return empty when every route is declared, otherwise why not
     */
    public static Optional<String> declareOrExplain(Broker broker, String connectionName, Collection<Topology.Route> routes) {
        try {
            declare(broker, connectionName, routes);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("could not declare " + routes.stream().map(Topology.Route::queue).toList() + " on " + broker
                    + ": " + e);
        }
    }

    static void declare(Connection connection, Topology.Route route) throws IOException, TimeoutException {
        String queue = route.queue();
        String deadLetterQueue = route.deadLetterQueue();
        try (Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(route.exchange(), BuiltinExchangeType.TOPIC, true);
            channel.exchangeDeclare(Topology.DEAD_LETTER_EXCHANGE, BuiltinExchangeType.DIRECT, true);
            if (!exists(connection, deadLetterQueue)) {
                // Quorum, like the queue it serves: a classic DLQ lives on one node of a cluster, and
                // at-least-once dead-lettering (a broker policy, k8s/base/rabbitmq-topology.yaml)
                // needs a target that confirms.
                channel.queueDeclare(deadLetterQueue, true, false, false, Map.of("x-queue-type", "quorum"));
            }
            channel.queueBind(deadLetterQueue, Topology.DEAD_LETTER_EXCHANGE, queue);
            if (!exists(connection, queue)) {
                channel.queueDeclare(queue, true, false, false, Map.of(
                        "x-queue-type", "quorum",
                        "x-dead-letter-exchange", Topology.DEAD_LETTER_EXCHANGE,
                        "x-dead-letter-routing-key", queue));
            }
            channel.queueBind(queue, route.exchange(), "#");
        }
    }

    /** A passive declaration closes its channel when the queue is missing, so it gets a channel of its own. */
    private static boolean exists(Connection connection, String queue) throws IOException, TimeoutException {
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
