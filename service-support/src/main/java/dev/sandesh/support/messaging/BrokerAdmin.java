package dev.sandesh.support.messaging;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.sandesh.contracts.RouteDeclarer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * One RabbitMQ Java-client connection of this service's own, beside the connector's, for what the
 * connector cannot do: dead letters with a reason, queue depths for the consumer health checks, and
 * the DLQ replay. Opened when first needed and again after it was lost; its blocking calls run on a
 * worker thread.
 */
@ApplicationScoped
public class BrokerAdmin {

    /** A blocking piece of work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws IOException, TimeoutException;
    }

    private final RouteDeclarer.Broker broker;
    private final String name;
    private Connection connection;

    public BrokerAdmin(Config settings) {
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
        this.name = settings.getOptionalValue("quarkus.application.name", String.class).orElse("sandesh") + "-admin";
    }

    /** Runs {@code work} on a worker thread; a failure (the broker down) closes the connection, so the next call opens a new one. */
    public <T> Uni<T> call(Work<T> work) {
        return Uni.createFrom().item(() -> {
                    try {
                        return work.on(connection());
                    } catch (IOException | TimeoutException | RuntimeException e) {
                        reset();
                        throw new BrokerUnavailableException("RabbitMQ at " + broker + ": " + e, e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Whether the broker answers now (a connection is open or can be opened). Blocking. */
    public boolean reachable() {
        try {
            return connection().isOpen();
        } catch (IOException | TimeoutException | RuntimeException e) {
            reset();
            return false;
        }
    }

    private synchronized Connection connection() throws IOException, TimeoutException {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        reset();
        ConnectionFactory factory = broker.connectionFactory(3_000);
        factory.setHandshakeTimeout(3_000);
        factory.setAutomaticRecoveryEnabled(false);
        connection = factory.newConnection(name);
        return connection;
    }

    private synchronized void reset() {
        if (connection != null) {
            try {
                connection.abort(1_000);
            } catch (RuntimeException ignored) {
                // already gone
            }
            connection = null;
        }
    }

    @PreDestroy
    void close() {
        reset();
    }

    /** The broker could not be reached or refused: a transient failure. */
    public static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
