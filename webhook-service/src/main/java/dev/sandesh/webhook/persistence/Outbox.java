package dev.sandesh.webhook.persistence;

import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.List;

/**
 * A transactional outbox table as its relay sees it ({@code messaging.OutboxRelay}): facts recorded
 * in a webhook's transaction, published after the commit, marked once the broker confirmed.
 *
 * @param <T> one recorded fact, as the relay publishes and marks it
 */
public interface Outbox<T> {

    /** The oldest facts recorded before {@code recordedBefore} the broker has not confirmed yet (a session of their own). */
    Uni<List<T>> unpublished(int limit, Instant recordedBefore);

    /** The broker confirmed {@code fact}. */
    Uni<Void> markPublished(T fact, Instant now);
}
