package dev.sandesh.webhook.persistence;

import dev.sandesh.webhook.domain.MessageState;

import java.util.Objects;

/**
 * What one write knows of one message: its facts folded with the lattice and, from a batch outcome,
 * the campaign recipient it was sent to (null when only webhooks spoke of it).
 */
public record StatusRow(String wamid, MessageState state, RecipientLink link) {

    public StatusRow {
        Objects.requireNonNull(wamid, "wamid");
        Objects.requireNonNull(state, "state");
    }
}
