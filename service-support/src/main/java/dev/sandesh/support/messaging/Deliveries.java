package dev.sandesh.support.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BasicProperties;
import dev.sandesh.support.config.ConsumerConfig;
import dev.sandesh.contracts.AmqpBody;
import dev.sandesh.contracts.ConsumerFailures;
import dev.sandesh.contracts.ConsumerFailures.Kind;
import dev.sandesh.contracts.DeadLetterQueues;
import dev.sandesh.contracts.RetryBackoff;
import dev.sandesh.contracts.Topology;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How every AMQP consumer of a service ends a delivery (docs/CONVENTIONS.md, "Inbound
 * messages"), by the one classification of {@link ConsumerFailures}; the channels and their queues
 * are the service's {@link ConsumedRoutes}:
 *
 * <ul>
 *   <li>done → ack;</li>
 *   <li>poison → dead-lettered at once, by this service itself with the reason headers
 *       ({@link DeadLetterQueues#deadLetter}: SmallRye's reject sets none), then acked; when that
 *       publish fails, nacked into the same DLQ by the broker, without the reason;</li>
 *   <li>transient (PostgreSQL or the broker unavailable) → neither acked nor nacked: the delivery is
 *       held and its work retried with capped exponential backoff ({@link RetryBackoff}) for as long
 *       as the outage lasts. The consumer processes one delivery at a time, so it takes no other
 *       message meanwhile (the prefetch fills, then the broker keeps the rest). A delivery held
 *       {@code hold-limit} is nacked with requeue (the queue's delivery limit counts it) before
 *       RabbitMQ's consumer timeout would close the channel. Never a dead letter for an outage;</li>
 *   <li>unexpected → retried {@code unexpected-attempts} times with the same backoff, then
 *       dead-lettered with the reason (replay it after the fix).</li>
 * </ul>
 *
 * Waits run on Vert.x timers and resume on the delivery's own context (Hibernate Reactive needs it).
 * A delivery whose channel died while it was held is redelivered by the broker; its ack on the
 * recovered channel is dropped by the Java client's delivery-tag offset (automatic recovery, see the
 * incoming channels in the service's application.properties), so it can never ack another message.
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    /** What one consumer did lately: read by the health checks. */
    public static final class Activity {
        private volatile Instant lastProgress = Instant.now();
        private volatile Instant waitingSince;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile String lastFailure;

        public Instant lastProgress() {
            return lastProgress;
        }

        public Optional<Instant> waitingSince() {
            return Optional.ofNullable(waitingSince);
        }

        public int inFlight() {
            return inFlight.get();
        }

        public Optional<String> lastFailure() {
            return Optional.ofNullable(lastFailure);
        }

        void progressed() {
            lastProgress = Instant.now();
        }
    }

    private final Map<String, Topology.Route> consumed;
    private final Map<String, Topology.Route> routes;
    private final Map<String, Activity> activity = new LinkedHashMap<>();
    private final ConsumerConfig config;
    private final RetryBackoff backoff;
    private final BrokerAdmin broker;
    private final Vertx vertx;

    public Deliveries(ConsumerConfig config, BrokerAdmin broker, Vertx vertx, Config settings, ConsumedRoutes consumed) {
        this.config = config;
        this.backoff = new RetryBackoff(config.backoffInitial(), config.backoffMax());
        this.broker = broker;
        this.vertx = vertx;
        this.consumed = consumed.byChannel();
        Map<String, Topology.Route> enabled = new LinkedHashMap<>();
        this.consumed.forEach((channel, route) -> {
            if (settings.getOptionalValue("mp.messaging.incoming." + channel + ".enabled", Boolean.class).orElse(true)) {
                enabled.put(channel, route);
                activity.put(channel, new Activity());
            }
        });
        this.routes = Collections.unmodifiableMap(enabled);
    }

    /** The incoming channels whose AMQP consumer runs in this profile, and their routes. */
    public Map<String, Topology.Route> routes() {
        return routes;
    }

    /** Every queue this service consumes, whichever adapter (AMQP or CloudEvents) feeds it: what a DLQ replay may name. */
    public Map<String, Topology.Route> consumedRoutes() {
        return consumed;
    }

    public Activity activity(String channel) {
        return activity.get(channel);
    }

    /** A handler waits out an outage inside its work (e.g. recording after the sends): the health checks say "waiting". */
    public void waitingOn(String channel) {
        Activity seen = activity.get(channel);
        if (seen != null && seen.waitingSince == null) {
            seen.waitingSince = Instant.now();
        }
    }

    /** The wait of {@link #waitingOn} is over. */
    public void waitingDone(String channel) {
        Activity seen = activity.get(channel);
        if (seen != null) {
            seen.waitingSince = null;
            seen.progressed();
        }
    }

    /** The SQLSTATE of a PostgreSQL error, for {@link ConsumerFailures#classify(Throwable, java.util.function.Function)}. */
    public static Optional<String> sqlState(Throwable link) {
        return link instanceof PgException pg ? Optional.ofNullable(pg.getSqlState()) : Optional.empty();
    }

    public static Kind classify(Throwable failure) {
        return ConsumerFailures.classify(failure, Deliveries::sqlState);
    }

    /**
     * Runs {@code work} for {@code message} of {@code channel} until it is done, poison, or
     * unexpected too often; then acks, dead-letters or (after the hold limit) requeues it.
     *
     * @param what what the message carries, for the log lines ("batch", "opt-out")
     */
    public Uni<Void> settle(Message<?> message, String channel, String what, Supplier<Uni<?>> work) {
        Topology.Route route = consumed.get(channel);
        if (route == null) {
            throw new IllegalArgumentException("no route for incoming channel " + channel);
        }
        Activity seen = activity.computeIfAbsent(channel, c -> new Activity());
        seen.progressed();
        seen.inFlight.incrementAndGet();
        Context context = Vertx.currentContext();
        Instant start = Instant.now();
        return attempt(message, route, what, work, seen, context, start, 1)
                .onTermination().invoke(() -> {
                    seen.inFlight.decrementAndGet();
                    seen.waitingSince = null;
                    seen.progressed();
                });
    }

    private Uni<Void> attempt(Message<?> message, Topology.Route route, String what, Supplier<Uni<?>> work, Activity seen,
                              Context context, Instant start, int attempt) {
        return Uni.createFrom().deferred(work)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        if (attempt > 1) {
                            LOG.infof("%s: %s handled after %d attempts (%s)", route.queue(), what, attempt,
                                    Duration.between(start, Instant.now()));
                        }
                        return Uni.createFrom().completionStage(message::ack);
                    }
                    seen.lastFailure = ConsumerFailures.reason(failure);
                    Kind kind = classify(failure);
                    if (kind == Kind.POISON) {
                        LOG.warnf("%s: dead-lettering a poison %s: %s", route.queue(), what, seen.lastFailure);
                        return deadLetter(message, route, failure);
                    }
                    if (kind == Kind.UNEXPECTED && attempt >= config.unexpectedAttempts()) {
                        LOG.errorf(failure, "%s: dead-lettering the %s after %d attempts with an unexpected error", route.queue(), what, attempt);
                        return deadLetter(message, route, failure);
                    }
                    if (kind == Kind.TRANSIENT) {
                        if (seen.waitingSince == null) {
                            seen.waitingSince = Instant.now();
                        }
                        if (Duration.between(start, Instant.now()).compareTo(config.holdLimit()) >= 0) {
                            LOG.warnf("%s: %s held %s through an outage, handing it back to the broker: %s",
                                    route.queue(), what, config.holdLimit(), seen.lastFailure);
                            return Uni.createFrom().completionStage(
                                    () -> message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
                        }
                    }
                    Duration wait = backoff.after(attempt, () -> ThreadLocalRandom.current().nextDouble());
                    if (Integer.bitCount(attempt) == 1) {
                        // attempts 1, 2, 4, 8, …: a line per doubling, not one per retry
                        LOG.warnf("%s: %s not handled (%s, attempt %d), waiting %d ms: %s", route.queue(), what,
                                kind == Kind.TRANSIENT ? "a dependency is unavailable" : "unexpected", attempt, wait.toMillis(),
                                seen.lastFailure);
                    }
                    return pause(context, wait)
                            .chain(() -> attempt(message, route, what, work, seen, context, start, attempt + 1));
                });
    }

    /** Dead-letters {@code message} with the reason headers and acks it; if that cannot be done, nacks it into the DLQ. */
    public Uni<Void> deadLetter(Message<?> message, Topology.Route route, Throwable failure) {
        byte[] body;
        BasicProperties properties;
        if (message instanceof IncomingRabbitMQMessage<?> incoming) {
            body = incoming.getRabbitMQMessage().body().getBytes();
            properties = incoming.getRabbitMQMessage().properties();
        } else {
            body = bodyOf(message);
            properties = propertiesOf(message);
        }
        return broker.call(connection -> {
                    DeadLetterQueues.deadLetter(connection, route.queue(), body, properties, failure, config.confirmTimeout());
                    return true;
                })
                .chain(published -> Uni.createFrom().completionStage(message::ack))
                .onFailure().recoverWithUni(notPublished -> {
                    LOG.warnf("%s: could not dead-letter with the reason (%s), rejecting it to the DLQ without", route.queue(),
                            notPublished.toString());
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    private Uni<Void> pause(Context context, Duration wait) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            if (context != null) {
                context.runOnContext(ignored -> emitter.complete(null));
            } else {
                emitter.complete(null);
            }
        }));
    }

    private static byte[] bodyOf(Message<?> message) {
        try {
            return AmqpBody.of(message);
        } catch (RuntimeException unreadable) {
            return message.getPayload() instanceof byte[] bytes ? bytes : new byte[0];
        }
    }

    private static BasicProperties propertiesOf(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class).map(metadata -> {
            Map<String, Object> headers = new HashMap<>(metadata.getHeaders());
            return (BasicProperties) new AMQP.BasicProperties.Builder()
                    .contentType(metadata.getContentType().orElse(null))
                    .messageId(metadata.getMessageId().orElse(null))
                    .type(metadata.getType().orElse(null))
                    .deliveryMode(2)
                    .headers(headers)
                    .build();
        }).orElse(null);
    }
}
