package dev.sandesh.sender.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sandesh.sender.domain.ProductPolicy;
import dev.sandesh.sender.domain.SendEndpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;

/**
 * The body of {@code POST /{version}/{phone-number-id}/messages} (or {@code /marketing_messages}, same
 * body plus {@code product_policy}, CLOUD-API-MORE §5) for a template message, in Meta's own shape.
 * Built per recipient by {@link BatchTemplate}; {@code components} is Meta's {@code template.components}
 * with the recipient's values substituted, every component kind passed through as given.
 *
 * <p>Written by {@link #json()} field by field with a Jackson generator (the components tree as
 * Jackson writes it): the same bytes the annotations describe, without a bean serializer per
 * request. Registered for reflection (with its nested records) so that it can still be written
 * by a mapper in native builds (the tests compare both).
 *
 * @param endpoint where it is posted; not part of the body
 */
@RegisterForReflection
public record TemplateMessageRequest(
        @JsonProperty("messaging_product") String messagingProduct,
        @JsonProperty("recipient_type") String recipientType,
        String to,
        String type,
        Template template,
        @JsonProperty("product_policy") @JsonInclude(JsonInclude.Include.NON_NULL) ProductPolicy productPolicy,
        @JsonIgnore SendEndpoint endpoint) {

    /** Writes the components trees; its factory writes the rest. */
    private static final ObjectMapper TREES = new ObjectMapper();

    static TemplateMessageRequest of(String phone, Template template, SendEndpoint endpoint, ProductPolicy productPolicy) {
        return new TemplateMessageRequest("whatsapp", "individual", digitsOnly(phone), "template", template,
                endpoint == SendEndpoint.MARKETING_MESSAGES ? productPolicy : null, endpoint);
    }

    /**
     * The request as Meta's JSON, in the order and with the omissions the annotations give it
     * ({@code components} left out when empty, {@code product_policy} when null).
     */
    public byte[] json() {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(512);
             JsonGenerator json = TREES.getFactory().createGenerator(bytes)) {
            json.setCodec(TREES);
            json.writeStartObject();
            json.writeStringField("messaging_product", messagingProduct);
            json.writeStringField("recipient_type", recipientType);
            json.writeStringField("to", to);
            json.writeStringField("type", type);
            json.writeObjectFieldStart("template");
            json.writeStringField("name", template.name());
            json.writeObjectFieldStart("language");
            json.writeStringField("code", template.language().code());
            json.writeStringField("policy", template.language().policy());
            json.writeEndObject();
            if (template.components() != null && !template.components().isEmpty()) {
                json.writeFieldName("components");
                json.writeTree(template.components());
            }
            json.writeEndObject();
            if (productPolicy != null) {
                json.writeStringField("product_policy", productPolicy.name());
            }
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a template message request", e);
        }
    }

    /** Meta wants the E.164 digits; a leading '+' is accepted but we send the documented form. */
    static String digitsOnly(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    @Override
    public String toString() {
        return "TemplateMessageRequest[template=" + template.name() + ", endpoint=" + endpoint + "]";
    }

    /** @param components the resolved {@code template.components}; left out when empty (a template without variables) */
    public record Template(String name, Language language,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) ArrayNode components) {}

    /**
     * Meta's spec requires {@code policy} next to {@code code} (spec L1611-1626); Meta's own examples
     * leave it out, but sending it costs nothing (CLOUD-API-MORE §1.9).
     */
    public record Language(String code, String policy) {

        static Language deterministic(String code) {
            return new Language(code, "deterministic");
        }
    }
}
