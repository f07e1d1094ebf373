package dev.sandesh.simulator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Meta's answer to an accepted send (HTTP 200 = accepted, not delivered). */
@RegisterForReflection
public record SendResponse(@JsonProperty("messaging_product") String messagingProduct, List<Contact> contacts,
                           List<Message> messages) {

    @RegisterForReflection
    public record Contact(String input, @JsonProperty("wa_id") String waId) { }

    @RegisterForReflection
    public record Message(String id, @JsonProperty("message_status") String messageStatus) { }

    public static SendResponse accepted(String input, String waId, String wamid) {
        return new SendResponse("whatsapp", List.of(new Contact(input, waId)), List.of(new Message(wamid, "accepted")));
    }
}
