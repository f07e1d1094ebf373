package dev.sandesh.simulator.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.simulator.config.SimulatorConfig;
import dev.sandesh.simulator.domain.CloudApiError;
import dev.sandesh.simulator.domain.PhoneNumbers;
import dev.sandesh.simulator.domain.StatusUpdate;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a status notification exactly as CLOUD-API.md "Status notification" shows it: one entry
 * (the WABA), one change ({@code field: messages}) and the given statuses of one phone number.
 * Streams with Jackson's generator, so no reflection is needed (native-friendly) and no tree is built.
 */
@Singleton
public class StatusWebhookPayload {

    private static final String ERROR_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

    private final JsonFactory json;
    private final SimulatorConfig config;
    private final PhoneNumbers phoneNumbers;

    public StatusWebhookPayload(ObjectMapper mapper, SimulatorConfig config, PhoneNumbers phoneNumbers) {
        this.json = mapper.getFactory();
        this.config = config;
        this.phoneNumbers = phoneNumbers;
    }

    /** The raw bytes to POST (and sign); every update must be for {@code phoneNumberId}. */
    public byte[] write(String phoneNumberId, List<StatusUpdate> updates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 320 * updates.size());
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("object", "whatsapp_business_account");
            g.writeArrayFieldStart("entry");
            g.writeStartObject();
            g.writeStringField("id", config.wabaId());
            g.writeArrayFieldStart("changes");
            g.writeStartObject();
            g.writeStringField("field", "messages");
            g.writeObjectFieldStart("value");
            g.writeStringField("messaging_product", "whatsapp");
            g.writeObjectFieldStart("metadata");
            g.writeStringField("display_phone_number", phoneNumbers.display(phoneNumberId));
            g.writeStringField("phone_number_id", phoneNumberId);
            g.writeEndObject();
            g.writeArrayFieldStart("statuses");
            for (StatusUpdate update : updates) {
                writeStatus(g, update);
            }
            g.writeEndArray();
            g.writeEndObject(); // value
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

    private static void writeStatus(JsonGenerator g, StatusUpdate update) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", update.message().wamid());
        g.writeStringField("status", update.status().wire());
        g.writeStringField("timestamp", Long.toString(update.epochSecond()));
        if (update.message().bsuid()) {
            // Sent to a BSUID of a user whose phone Meta does not share: no recipient_id (CLOUD-API-MORE §4.5).
            g.writeStringField("recipient_user_id", update.message().recipientId());
        } else {
            g.writeStringField("recipient_id", update.message().recipientId());
        }
        if (update.message().bizOpaqueCallbackData() != null) {
            g.writeStringField("biz_opaque_callback_data", update.message().bizOpaqueCallbackData());
        }
        if (update.carriesPricing()) {
            g.writeObjectFieldStart("pricing");
            g.writeBooleanField("billable", true);
            g.writeStringField("pricing_model", "PMP");
            g.writeStringField("type", "regular");
            g.writeStringField("category", update.message().category());
            g.writeEndObject();
        }
        if (update.errorCode() != 0) {
            String[] text = errorText(update.errorCode());
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            g.writeNumberField("code", update.errorCode());
            g.writeStringField("title", text[0]);
            g.writeStringField("message", text[0]);
            g.writeObjectFieldStart("error_data");
            g.writeStringField("details", text[1]);
            g.writeEndObject();
            g.writeStringField("href", ERROR_HREF);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Title and details Meta's error-code page gives for the webhook-only failures. */
    private static String[] errorText(int code) {
        return switch (code) {
            case CloudApiError.MARKETING_CAP -> new String[] {
                "This message was not delivered to maintain healthy ecosystem engagement.",
                "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."};
            case CloudApiError.USER_STOPPED_MARKETING -> new String[] {
                "User has stopped marketing messages",
                "Unable to deliver the marketing message. This user has chosen to stop receiving marketing messages from your business."};
            case CloudApiError.COUNTRY_RESTRICTED -> new String[] {
                "Message failed to send because of country restrictions",
                "The WhatsApp Business Account is restricted from messaging users in this country."};
            case CloudApiError.TEMPLATE_PAUSED -> new String[] {
                "Template is Paused",
                "The template was paused because of low quality while this message was held; it was not delivered."};
            default -> new String[] {"Message undeliverable", "Message Undeliverable."};
        };
    }
}
