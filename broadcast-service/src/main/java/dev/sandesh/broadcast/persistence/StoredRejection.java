package dev.sandesh.broadcast.persistence;

/** A rejected recipient as stored: its index in the request, what was sent, and why it was refused. */
public record StoredRejection(long sequence, String input, String externalId, String reason, String detail) {
}
