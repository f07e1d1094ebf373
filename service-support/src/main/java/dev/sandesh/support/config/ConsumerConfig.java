package dev.sandesh.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How this service's AMQP consumers wait out an outage and report that they consume
 * (docs/CONVENTIONS.md, "Inbound messages" and "Consumer health"). The same keys in every service.
 */
@ConfigMapping(prefix = "sandesh.consumers")
public interface ConsumerConfig {

    /** First wait after a transient failure (database or broker unavailable); doubles per attempt. */
    @WithDefault("200ms")
    Duration backoffInitial();

    /** The longest wait between two attempts while an outage lasts. */
    @WithDefault("30s")
    Duration backoffMax();

    /** Attempts of a delivery failing with an unexpected (neither poison nor transient) error before it is dead-lettered with the reason. */
    @WithDefault("8")
    int unexpectedAttempts();

    /**
     * How long one delivery is held while an outage lasts before it is handed back to the broker
     * (nack with requeue, counted by the queue's delivery limit). Below RabbitMQ's
     * {@code consumer_timeout} (30 min by default), after which the broker would close the channel.
     */
    @WithDefault("25m")
    Duration holdLimit();

    /** The longest wait for a broker confirm (a dead letter, a replay page) before it counts as failed. */
    @WithDefault("10s")
    Duration confirmTimeout();

    /** The longest wait for one database call of a consumer's step before it counts as failed (and is retried). */
    @WithDefault("30s")
    Duration stepTimeout();

    /** Readiness is DOWN when messages have waited this long in a queue while its consumer took up nothing. */
    @WithDefault("2m")
    Duration stallAfter();

    /** Liveness is DOWN (a restart) when a consumer stays disconnected, or stalled without an outage to wait out, this long. */
    @WithDefault("10m")
    Duration deadAfter();
}
