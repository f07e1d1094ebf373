package dev.sandesh.broadcast.persistence;

import java.util.List;

/** A stored recipient: its sequence, normalised number and country, the caller's id, its parameters. */
public record StoredRecipient(long sequence, String phoneE164, String country, String externalId, List<String> parameters) {
}
