package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.webhook.config.WebhookConfig;
import dev.sandesh.webhook.persistence.OptOutOutbox;
import dev.sandesh.webhook.persistence.OptOutsRecorded;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes opt-outs from the outbox to the broker: those a transaction has just committed at once,
 * and every {@code relay-interval} whatever is still unconfirmed (the broker was down, the app
 * stopped between commit and confirm). A row is marked published only after the broker's confirm.
 * The sweep leaves alone what was recorded less than one interval ago: those are being published
 * by the commit's own path right now, and taking them too would publish them twice.
 */
@ApplicationScoped
public class OptOutRelay {

    private static final Logger LOG = Logger.getLogger(OptOutRelay.class);
    private static final int PAGE = 500;

    private final OptOutOutbox outbox;
    private final OptOutPublisher publisher;
    private final WebhookConfig config;
    private final InstantSource clock;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long timer = -1;

    OptOutRelay(OptOutOutbox outbox, OptOutPublisher publisher, WebhookConfig config, InstantSource clock, Vertx vertx) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(config.optOut().relayInterval().toMillis(), tick -> sweep().subscribe().with(published -> { }));
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Just committed: publish now (the sweep catches any that fail). */
    void onRecorded(@Observes OptOutsRecorded recorded) {
        publishAll(recorded.optOuts()).subscribe().with(
                published -> LOG.debugf("published %d opt-out event(s)", published),
                failure -> LOG.warnf("opt-outs not published yet, the relay will retry: %s", failure.toString()));
    }

    /** Publishes what is still unconfirmed. @return how many were published */
    public Uni<Integer> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return outbox.unpublished(PAGE, clock.instant().minus(config.optOut().relayInterval()))
                .chain(this::publishAll)
                .onFailure().invoke(failure -> LOG.debugf("opt-out relay: %s", failure.toString()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> sweeping.set(false));
    }

    private Uni<Integer> publishAll(List<OptOut> optOuts) {
        return Multi.createFrom().iterable(optOuts)
                .onItem().transformToUniAndConcatenate(optOut -> publisher.publish(optOut)
                        .chain(() -> outbox.markPublished(optOut, clock.instant()))
                        .invoke(() -> LOG.debugf("opt-out published: %s", optOut)))
                .collect().asList()
                .map(List::size);
    }
}
