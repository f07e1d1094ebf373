package dev.sandesh.broadcast.messaging;

import dev.sandesh.broadcast.config.BroadcastConfig;
import dev.sandesh.broadcast.persistence.CampaignHistoryOutbox;
import dev.sandesh.contracts.CampaignTransition;
import dev.sandesh.contracts.RouteDeclarer;
import dev.sandesh.contracts.Topology;
import dev.sandesh.contracts.WireMessages;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays the campaign history's storefront-worthy transitions (PAUSED, RESUMED, HALTED, COMPLETED)
 * to {@code sandesh.campaign-events} as {@link CampaignTransition}s, after their transactions
 * committed (the history row is written in the transition's own transaction, so this is an outbox):
 * every {@code sandesh.campaign-events.relay-interval}, oldest first, each marked published only
 * after the broker's confirm. Rows of other transitions (CREATED, STARTED …) are marked without a
 * message. A crash between confirm and mark publishes a row again: webhook-service keys the event by
 * the history id, so that is harmless. Declares {@code webhook.campaign-events} (+ .dlq) at startup so
 * a completion relayed before webhook-service first ran is kept.
 */
@ApplicationScoped
public class CampaignHistoryRelay {

    private static final Logger LOG = Logger.getLogger(CampaignHistoryRelay.class);
    private static final int PAGE = 200;

    private final CampaignHistoryOutbox outbox;
    private final MutinyEmitter<byte[]> emitter;
    private final BroadcastConfig config;
    private final Duration interval;
    private final InstantSource clock;
    private final Vertx vertx;
    private final RouteDeclarer.Broker broker;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    CampaignHistoryRelay(CampaignHistoryOutbox outbox, @Channel("campaign-events") MutinyEmitter<byte[]> emitter, BroadcastConfig config,
                         @ConfigProperty(name = "sandesh.campaign-events.relay-interval", defaultValue = "PT2S") Duration interval,
                         InstantSource clock, Vertx vertx, Config settings) {
        this.outbox = outbox;
        this.emitter = emitter;
        this.config = config;
        this.interval = interval;
        this.clock = clock;
        this.vertx = vertx;
        this.broker = RouteDeclarer.Broker.from(key -> settings.getOptionalValue(key, String.class));
    }

    void onStart(@Observes StartupEvent start) {
        RouteDeclarer.declareOrExplain(broker, "broadcast-service-campaign-events", List.of(Topology.CAMPAIGN_EVENTS)).ifPresent(
                why -> LOG.warnf("%s; webhook-service declares it when it starts", why));
        timer = vertx.setPeriodic(interval.toMillis(), tick -> relay().subscribe().with(n -> { }, f -> { }));
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass. @return history rows published or marked */
    public Uni<Integer> relay() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return outbox.unpublished(PAGE)
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> transition(row)
                                .map(t -> publish(t).chain(() -> outbox.markPublished(List.of(row.id()), clock.instant())))
                                .orElseGet(() -> outbox.markPublished(List.of(row.id()), clock.instant()))
                                .replaceWith(1))
                        .collect().asList().map(List::size))
                .onFailure().invoke(f -> LOG.debugf("campaign history relay: %s", f.toString()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> running.set(false));
    }

    private Uni<Void> publish(CampaignTransition transition) {
        var metadata = WireMessages.metadata(transition)
                .withRoutingKey("campaign." + transition.kind().name().toLowerCase(Locale.ROOT))
                .withMessageId("campaign-history/" + transition.historyId())
                .withTimestamp(transition.at().atZone(ZoneOffset.UTC))
                .build();
        return emitter.sendMessage(WireMessages.message(transition, metadata)).ifNoItem().after(config.publishTimeout()).fail();
    }

    /** The wire event of a history row, when the storefront hears of that transition. */
    static Optional<CampaignTransition> transition(CampaignHistoryOutbox.Unpublished row) {
        return switch (row.event()) {
            case "PAUSED", "RESUMED", "HALTED", "COMPLETED" -> Optional.of(new CampaignTransition(row.id(), row.campaignId(),
                    CampaignTransition.Kind.valueOf(row.event()), row.reason(), row.at()));
            default -> Optional.empty();
        };
    }
}
