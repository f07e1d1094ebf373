package dev.sandesh.sender.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateRef;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * The body of {@code POST /{version}/{phone-number-id}/messages} for a template message, as Meta's
 * spec has it (CLOUD-API.md, "Sending"). Only body parameters of type text are sent for now.
 *
 * <p>Written by {@link #json()} with an {@code ObjectMapper} of its own, not by the REST client,
 * so registered for reflection here (with its nested records) for native builds.
 */
@RegisterForReflection
public record TemplateMessageRequest(
        @JsonProperty("messaging_product") String messagingProduct,
        @JsonProperty("recipient_type") String recipientType,
        String to,
        String type,
        Template template) {

    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(TemplateMessageRequest.class);

    public static TemplateMessageRequest of(TemplateRef template, SendBatch.Recipient recipient) {
        List<Parameter> parameters = recipient.bodyParameters().stream().map(Parameter::text).toList();
        List<Component> components = parameters.isEmpty() ? List.of() : List.of(new Component("body", parameters));
        return new TemplateMessageRequest("whatsapp", "individual", digitsOnly(recipient.phone()), "template",
                new Template(template.name(), new Language(template.language()), components));
    }

    /** The request as Meta's JSON. */
    public byte[] json() {
        try {
            return WRITER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a template message request", e);
        }
    }

    /** Meta wants the E.164 digits; a leading '+' is accepted but we send the documented form. */
    static String digitsOnly(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    @Override
    public String toString() {
        return "TemplateMessageRequest[template=" + template.name() + "]";
    }

    public record Template(String name, Language language, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Component> components) {}

    public record Language(String code) {}

    public record Component(String type, List<Parameter> parameters) {}

    public record Parameter(String type, String text) {

        static Parameter text(String value) {
            return new Parameter("text", value);
        }
    }
}
