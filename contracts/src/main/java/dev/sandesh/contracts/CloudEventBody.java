package dev.sandesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The wire event inside a CloudEvent, as Knative's RabbitmqSource POSTs it to a service's
 * {@code /internal/cloudevents/*} endpoint (DESIGN.md §3, scale-to-zero). Binary mode: the body is
 * the event's JSON, attributes travel as {@code ce-*} headers. Structured mode
 * ({@code application/cloudevents+json}): the body is an envelope whose {@code data} (JSON or a
 * JSON string) or {@code data_base64} holds the event, and whose other fields are its attributes.
 * Anything else is a {@link WireFormatException}: poison, answered 400 and dead-lettered.
 *
 * @param data     the event's bytes, for {@link WireJson#decode}
 * @param envelope the structured-mode envelope, or null in binary mode
 */
public record CloudEventBody(byte[] data, JsonNode envelope) {

    public static final String STRUCTURED = "application/cloudevents+json";

    public static boolean isStructured(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED);
    }

    /**
     * Reads either mode; binary mode must carry {@code ce-specversion}.
     *
     * @param specVersionHeader the {@code ce-specversion} header, null when absent
     */
    public static CloudEventBody read(String contentType, String specVersionHeader, byte[] body) {
        if (isStructured(contentType)) {
            return structured(body);
        }
        if (specVersionHeader == null || specVersionHeader.isBlank()) {
            throw new WireFormatException("not a CloudEvent: ce-specversion is missing (binary mode) and the content type is not " + STRUCTURED);
        }
        return new CloudEventBody(body == null ? new byte[0] : body, null);
    }

    /** Reads a structured-mode envelope. */
    public static CloudEventBody structured(byte[] envelope) {
        JsonNode event;
        try {
            event = WireJson.mapper().readTree(envelope == null ? new byte[0] : envelope);
        } catch (IOException e) {
            throw new WireFormatException("structured CloudEvent is not JSON", e);
        }
        if (event == null || !event.isObject() || !event.path("specversion").isTextual()) {
            throw new WireFormatException("structured CloudEvent without specversion");
        }
        JsonNode data = event.path("data");
        if (data.isTextual()) {
            return new CloudEventBody(data.asText().getBytes(StandardCharsets.UTF_8), event);
        }
        if (data.isContainerNode()) {
            return new CloudEventBody(data.toString().getBytes(StandardCharsets.UTF_8), event);
        }
        JsonNode base64 = event.path("data_base64");
        if (base64.isTextual()) {
            try {
                return new CloudEventBody(Base64.getDecoder().decode(base64.asText()), event);
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("data_base64 is not base64", e);
            }
        }
        throw new WireFormatException("structured CloudEvent without data");
    }

    /** An extension attribute: the envelope's field in structured mode, else the {@code ce-<name>} header given. */
    public Optional<String> attribute(String name, String binaryHeader) {
        if (envelope == null) {
            return Optional.ofNullable(binaryHeader);
        }
        JsonNode value = envelope.path(name);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
