package dev.sandesh.sender.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Meta's 200 answer: accepted (not delivered), with the wamid that status webhooks will carry. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageAccepted(
        @JsonProperty("messaging_product") String messagingProduct,
        List<Contact> contacts,
        List<Message> messages) {

    /** The first message's id, or null when Meta's answer had none. */
    public String wamid() {
        return messages == null || messages.isEmpty() ? null : messages.getFirst().id();
    }

    /** The first message's {@code message_status} ({@code accepted}, {@code held_for_quality_assessment}; CLOUD-API-MORE §3.11), or null. */
    public String messageStatus() {
        return messages == null || messages.isEmpty() ? null : messages.getFirst().messageStatus();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(String input, @JsonProperty("wa_id") String waId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(String id, @JsonProperty("message_status") String messageStatus) {}
}
