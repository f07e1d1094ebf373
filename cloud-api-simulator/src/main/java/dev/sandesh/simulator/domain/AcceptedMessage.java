package dev.sandesh.simulator.domain;

/**
 * A message the simulator accepted, as far as its status webhooks need it.
 *
 * @param bizOpaqueCallbackData echoed in every status, or null
 * @param undeliverable         true if the message ends {@code failed} (131026) instead of delivered/read
 */
public record AcceptedMessage(String wamid, String phoneNumberId, String recipientId, String category,
                              String bizOpaqueCallbackData, boolean undeliverable) {
}
