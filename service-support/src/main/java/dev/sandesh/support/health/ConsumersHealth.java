package dev.sandesh.support.health;

import dev.sandesh.support.config.ConsumerConfig;
import dev.sandesh.support.messaging.BrokerAdmin;
import dev.sandesh.support.messaging.Deliveries;
import dev.sandesh.contracts.ConsumerProgress;
import dev.sandesh.contracts.DeadLetterQueues;
import dev.sandesh.contracts.Topology;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A readiness and a liveness check over every AMQP consumer of this service ("consumers"), one
 * entry per incoming channel ({@link ConsumerProgress}): SmallRye's own check says only whether the
 * connection is up, and stayed UP while a consumer held its prefetch and consumed nothing.
 * Readiness is DOWN while a channel is not connected, or when its queue has had messages waiting
 * for {@code sandesh.consumers.stall-after} while the consumer took up nothing; liveness is DOWN
 * (Kubernetes restarts the pod) when that lasts {@code dead-after} without an outage to wait out,
 * or a channel stays disconnected that long while the broker answers.
 */
@ApplicationScoped
public class ConsumersHealth {

    private record Seen(Optional<Instant> backlogSince, Optional<Instant> disconnectedSince) {
    }

    private final Deliveries deliveries;
    private final BrokerAdmin broker;
    private final HealthCenter center;
    private final ConsumerConfig config;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    ConsumersHealth(Deliveries deliveries, BrokerAdmin broker, HealthCenter center, ConsumerConfig config) {
        this.deliveries = deliveries;
        this.broker = broker;
        this.center = center;
        this.config = config;
    }

    @Produces
    @Readiness
    @ApplicationScoped
    AsyncHealthCheck readiness() {
        return () -> assess().map(progress -> {
            Instant now = Instant.now();
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumers").up();
            progress.forEach((channel, state) -> {
                ConsumerProgress.Verdict verdict = state.ready(now, config.stallAfter());
                builder.withData(channel, verdict.up() ? "UP" : "DOWN: " + verdict.reason());
                if (!verdict.up()) {
                    builder.down();
                }
            });
            return builder.build();
        });
    }

    @Produces
    @Liveness
    @ApplicationScoped
    AsyncHealthCheck liveness() {
        return () -> assess().chain(progress -> broker.call(connection -> connection.isOpen())
                .onFailure().recoverWithItem(false)
                .map(reachable -> {
                    Instant now = Instant.now();
                    HealthCheckResponseBuilder builder = HealthCheckResponse.named("consumers").up();
                    progress.forEach((channel, state) -> {
                        ConsumerProgress.Verdict verdict = state.live(now, config.deadAfter(), reachable);
                        builder.withData(channel, verdict.up() ? "UP" : "DOWN: " + verdict.reason());
                        if (!verdict.up()) {
                            builder.down();
                        }
                    });
                    return builder.build();
                }));
    }

    /** Each consumer's progress now: the connector's channel state, the queue depth (-1 when the broker does not answer). */
    Uni<Map<String, ConsumerProgress>> assess() {
        Map<String, Topology.Route> routes = deliveries.routes();
        return broker.call(connection -> {
                    Map<String, Long> depths = new LinkedHashMap<>();
                    for (Map.Entry<String, Topology.Route> entry : routes.entrySet()) {
                        depths.put(entry.getKey(), DeadLetterQueues.depth(connection, entry.getValue().queue()));
                    }
                    return depths;
                })
                .onFailure().recoverWithItem(Map.of())
                .map(depths -> {
                    HealthReport report = center.getReadiness();
                    Instant now = Instant.now();
                    Map<String, ConsumerProgress> progress = new LinkedHashMap<>();
                    routes.keySet().forEach(channel -> {
                        boolean connected = connected(report, channel);
                        long ready = depths.getOrDefault(channel, -1L);
                        Seen before = seen.getOrDefault(channel, new Seen(Optional.empty(), Optional.empty()));
                        Seen now_ = new Seen(
                                ready > 0 ? Optional.of(before.backlogSince().orElse(now)) : Optional.empty(),
                                connected ? Optional.empty() : Optional.of(before.disconnectedSince().orElse(now)));
                        seen.put(channel, now_);
                        Deliveries.Activity activity = deliveries.activity(channel);
                        progress.put(channel, new ConsumerProgress(connected, ready, activity.lastProgress(), now_.backlogSince(),
                                now_.disconnectedSince(), activity.waitingSince()));
                    });
                    return progress;
                });
    }

    /** SmallRye's report names the copies of a channel with {@code concurrency} {@code <channel>$1}, {@code $2}…: all must be OK. */
    private static boolean connected(HealthReport report, String channel) {
        boolean any = false;
        for (HealthReport.ChannelInfo info : report.getChannels()) {
            if (info.getChannel().equals(channel) || info.getChannel().startsWith(channel + "$")) {
                any = true;
                if (!info.isOk()) {
                    return false;
                }
            }
        }
        return any;
    }
}
