package dev.sandesh.broadcast.persistence;

import java.util.List;
import java.util.Map;

/** A stored recipient: its sequence, normalised number and country, the caller's id, its positional parameters and named variables. */
public record StoredRecipient(long sequence, String phoneE164, String country, String externalId, List<String> parameters,
                              Map<String, String> variables) {
}
