package dev.sandesh.support.messaging;

import dev.sandesh.contracts.Topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one part of {@link Deliveries}, the consumer health check and the DLQ replay that differs
 * between services: which queues a service consumes, by the incoming channel that reads each (its
 * queue and {@code <queue>.dlq}). Every service produces one (a {@code @Produces @Singleton}
 * method), in the order its health check lists the channels:
 *
 * <pre>{@code
 * ConsumedRoutes.of("batches", Topology.BATCHES).and("control", Topology.CONTROL)
 * }</pre>
 *
 * It names every queue the service consumes, whichever adapter (AMQP or CloudEvents) feeds it in a
 * profile: a channel whose AMQP consumer is off ({@code mp.messaging.incoming.<channel>.enabled=false})
 * is still a queue a DLQ replay may name.
 *
 * @param byChannel incoming channel → route, in the order given; unmodifiable
 */
public record ConsumedRoutes(Map<String, Topology.Route> byChannel) {

    public ConsumedRoutes {
        byChannel = Collections.unmodifiableMap(new LinkedHashMap<>(byChannel));
    }

    public static ConsumedRoutes of(String channel, Topology.Route route) {
        return new ConsumedRoutes(Map.of()).and(channel, route);
    }

    /** These routes and {@code channel} → {@code route} after them. */
    public ConsumedRoutes and(String channel, Topology.Route route) {
        if (byChannel.containsKey(channel)) {
            throw new IllegalArgumentException("incoming channel " + channel + " is named twice");
        }
        Map<String, Topology.Route> more = new LinkedHashMap<>(byChannel);
        more.put(channel, route);
        return new ConsumedRoutes(more);
    }
}
