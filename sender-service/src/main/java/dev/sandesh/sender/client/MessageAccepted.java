package dev.sandesh.sender.client;

/**
 * Meta's 200 answer: accepted (not delivered), as {@link CloudApiClient} reads it.
 *
 * @param wamid         the first message's id, which status webhooks will carry; null when the answer had none
 * @param messageStatus the first message's {@code message_status} ({@code accepted},
 *                      {@code held_for_quality_assessment}; CLOUD-API-MORE §3.11), or null
 */
public record MessageAccepted(String wamid, String messageStatus) {

    /** An answer without a message. */
    static final MessageAccepted NONE = new MessageAccepted(null, null);
}
