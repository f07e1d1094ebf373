package dev.sandesh.contracts;

/**
 * A message that travels between services over RabbitMQ. Every event carries the schema
 * {@link #version()} it was written with, and travels with a {@code type} header naming it
 * ({@link Topology#TYPE_HEADER}), so a consumer can refuse what it does not understand instead of
 * misreading it.
 */
public interface WireEvent {

    /** Schema version of the event's JSON form. */
    int version();

    /** The value of the {@code type} header this event is published with. */
    default String type() {
        return getClass().getSimpleName();
    }
}
