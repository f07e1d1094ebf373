package dev.sandesh.webhook.persistence;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * A signed webhook POST as received.
 *
 * @param signature  which app secret verified it: {@code current}, {@code previous-1}, ...
 * @param statuses   statuses read from it
 * @param unreadable why the body could not be read, or null
 */
public record RawEvent(Instant receivedAt, byte[] body, String signature, int statuses, String unreadable) {

    /** An archived event, read back for replay (a Panache projection: its constructor is called reflectively, native too). */
    @RegisterForReflection
    public record Stored(long id, Instant receivedAt, byte[] body) {
    }
}
