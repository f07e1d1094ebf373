package dev.sandesh.simulator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Meta's answer to an accepted send (HTTP 200 = accepted, not delivered). */
@RegisterForReflection
public record SendResponse(@JsonProperty("messaging_product") String messagingProduct, List<Contact> contacts,
                           List<Message> messages) {

    /** {@code wa_id} for a phone number, {@code user_id} for a BSUID (CLOUD-API-MORE §4.5). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(String input, @JsonProperty("wa_id") String waId, @JsonProperty("user_id") String userId) { }

    @RegisterForReflection
    public record Message(String id, @JsonProperty("message_status") String messageStatus) { }

    public static SendResponse accepted(String input, String waId, String wamid) {
        return accepted(input, waId, null, wamid, "accepted");
    }

    public static SendResponse accepted(String input, String waId, String userId, String wamid, String messageStatus) {
        return new SendResponse("whatsapp", List.of(new Contact(input, waId, userId)),
                List.of(new Message(wamid, messageStatus)));
    }
}
