package dev.sandesh.simulator.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.domain.PhoneNumbers;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a user does, as Meta notifies it: an inbound message (CLOUD-API.md "Inbound message": a
 * text, or a quick-reply button as {@code type: button} with {@code button{payload,text}} and the
 * {@code context} of the template it answers) and a marketing opt-out/opt-in (field
 * {@code user_preferences}: {@code value.user_preferences[{wa_id, detail, category, value, timestamp}]}).
 */
@Singleton
public class InboundWebhookPayload {

    /** A user's message; exactly one of {@code text} and {@code buttonPayload} is set. */
    public record InboundMessage(String phoneNumberId, String from, String profileName, String wamid,
                                 long epochSecond, String text, String buttonPayload, String buttonText,
                                 String contextWamid) { }

    /** A user_preferences change: {@code value} is {@code stop} or {@code resume}. */
    public record MarketingPreference(String phoneNumberId, String waId, String profileName, String value,
                                      String detail, long epochSecond) { }

    private final JsonFactory json;
    private final SimulatorConfig config;
    private final PhoneNumbers phoneNumbers;

    public InboundWebhookPayload(ObjectMapper mapper, SimulatorConfig config, PhoneNumbers phoneNumbers) {
        this.json = mapper.getFactory();
        this.config = config;
        this.phoneNumbers = phoneNumbers;
    }

    public byte[] message(InboundMessage m) {
        return write("messages", m.phoneNumberId(), m.from(), m.profileName(), g -> {
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            if (m.contextWamid() != null) {
                g.writeObjectFieldStart("context");
                g.writeStringField("from", phoneNumbers.display(m.phoneNumberId()));
                g.writeStringField("id", m.contextWamid());
                g.writeEndObject();
            }
            g.writeStringField("from", m.from());
            g.writeStringField("id", m.wamid());
            g.writeStringField("timestamp", Long.toString(m.epochSecond()));
            if (m.buttonPayload() != null) {
                g.writeStringField("type", "button");
                g.writeObjectFieldStart("button");
                g.writeStringField("payload", m.buttonPayload());
                g.writeStringField("text", m.buttonText() != null ? m.buttonText() : m.buttonPayload());
                g.writeEndObject();
            } else {
                g.writeStringField("type", "text");
                g.writeObjectFieldStart("text");
                g.writeStringField("body", m.text());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    public byte[] preference(MarketingPreference p) {
        return write("user_preferences", p.phoneNumberId(), p.waId(), p.profileName(), g -> {
            g.writeArrayFieldStart("user_preferences");
            g.writeStartObject();
            g.writeStringField("wa_id", p.waId());
            g.writeStringField("detail", p.detail());
            g.writeStringField("category", "marketing_messages");
            g.writeStringField("value", p.value());
            g.writeNumberField("timestamp", p.epochSecond());
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] write(String field, String phoneNumberId, String waId, String profileName, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "whatsapp_business_account");
            g.writeArrayFieldStart("entry");
            g.writeStartObject();
            g.writeStringField("id", config.wabaId());
            g.writeArrayFieldStart("changes");
            g.writeStartObject();
            g.writeObjectFieldStart("value");
            g.writeStringField("messaging_product", "whatsapp");
            g.writeObjectFieldStart("metadata");
            g.writeStringField("display_phone_number", phoneNumbers.display(phoneNumberId));
            g.writeStringField("phone_number_id", phoneNumberId);
            g.writeEndObject();
            g.writeArrayFieldStart("contacts");
            g.writeStartObject();
            g.writeObjectFieldStart("profile");
            g.writeStringField("name", profileName);
            g.writeEndObject();
            g.writeStringField("wa_id", waId);
            g.writeEndObject();
            g.writeEndArray();
            body.write(g);
            g.writeEndObject(); // value
            g.writeStringField("field", field);
            g.writeEndObject(); // change
            g.writeEndArray();
            g.writeEndObject(); // entry
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
