package dev.sandesh.webhook.messaging;

import dev.sandesh.webhook.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Takes one outbox's facts to the broker (the one relay behind {@link OptOutRelay} and
 * {@link TemplateEventRelay}): those a transaction has just committed at once, and every
 * {@code interval} whatever is still unconfirmed (the broker was down, the app stopped between
 * commit and confirm). A row is marked published only after the broker's confirm. The sweep
 * leaves alone what was recorded less than one interval ago: those are being published by the
 * commit's own path right now, and taking them too would publish them twice.
 *
 * @param <T> one recorded fact
 */
final class OutboxRelay<T> {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int PAGE = 500;

    private final String what;
    private final Outbox<T> outbox;
    private final Function<T, Uni<Void>> publish;
    private final Duration interval;
    private final InstantSource clock;
    private final Vertx vertx;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private long timer = -1;

    /**
     * @param what    what the outbox holds, for logs ("opt-out", "template event")
     * @param publish publishes one fact; completes on the broker's confirm
     */
    OutboxRelay(String what, Outbox<T> outbox, Function<T, Uni<Void>> publish, Duration interval, InstantSource clock, Vertx vertx) {
        this.what = what;
        this.outbox = outbox;
        this.publish = publish;
        this.interval = interval;
        this.clock = clock;
        this.vertx = vertx;
    }

    void start() {
        timer = vertx.setPeriodic(interval.toMillis(), tick -> sweep().subscribe().with(published -> { }));
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Just committed: publish now (the sweep catches any that fail). */
    void committed(List<T> facts) {
        publishAll(facts).subscribe().with(
                published -> LOG.debugf("published %d %s(s)", published, what),
                failure -> LOG.warnf("%ss not published yet, the relay will retry: %s", what, failure.toString()));
    }

    /** Publishes what is still unconfirmed. @return how many were published */
    Uni<Integer> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return outbox.unpublished(PAGE, clock.instant().minus(interval))
                .chain(this::publishAll)
                .onFailure().invoke(failure -> LOG.debugf("%s relay: %s", what, failure.toString()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> sweeping.set(false));
    }

    private Uni<Integer> publishAll(List<T> facts) {
        return Multi.createFrom().iterable(facts)
                .onItem().transformToUniAndConcatenate(fact -> publish.apply(fact)
                        .chain(() -> outbox.markPublished(fact, clock.instant()))
                        .invoke(() -> LOG.debugf("%s published: %s", what, fact)))
                .collect().asList()
                .map(List::size);
    }
}
