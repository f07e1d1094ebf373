package dev.sandesh.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Runs Hibernate Reactive work on a Vert.x context of its own. Panache keeps its session in the
 * current (duplicated) Vert.x context and reuses it when asked again on that context; but a session
 * runs one operation at a time. Work that is not a request's own — a group-commit batch started
 * from whichever webhook happened to arrive, the several batches a replay or a split batch starts at
 * once, an outcome, a timer's sweep, startup — must not share one, so each call here gets a fresh,
 * safe duplicated context and thus its own session and connection. Request handlers that simply
 * read use the session Quarkus opens for their resource method.
 */
@ApplicationScoped
public class Transactions {

    private final Vertx vertx;

    Transactions(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code work} inside {@code Panache.withTransaction}, on its own session; commits when it completes. */
    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return onOwnContext(() -> Panache.withTransaction(work));
    }

    /** {@code work} inside {@code Panache.withSession}, on its own session (reads, no transaction of ours). */
    public <T> Uni<T> inSession(Supplier<Uni<T>> work) {
        return onOwnContext(() -> Panache.withSession(work));
    }

    private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                uni.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }
}
