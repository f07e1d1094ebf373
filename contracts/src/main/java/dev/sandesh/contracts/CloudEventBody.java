package dev.sandesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The wire event inside a CloudEvent, as Knative's RabbitmqSource POSTs it to a service's
 * {@code /internal/cloudevents/*} endpoint (DESIGN.md §3, scale-to-zero). Binary mode: the body is
 * the event's JSON, attributes travel as {@code ce-*} headers. Structured mode
 * ({@code application/cloudevents+json}): the body is an envelope whose {@code data} (JSON or a
 * JSON string) or {@code data_base64} holds the event, and whose other fields are its attributes.
 * Anything else is a {@link WireFormatException}: poison, answered 400 and dead-lettered. Every event
 * must carry the {@link InternalSignature} its publisher made ({@code ce-sandeshsignature} with
 * {@code ce-type}, {@code ce-id}, {@code ce-time}; in structured mode the envelope's fields of those
 * names); one that does not is a {@link ForgedMessageException}, answered 401/403. Sandesh's
 * publishers produce binary mode; a structured event's {@code data} is checked as carried
 * ({@code data_base64} and string data byte for byte, JSON data in its compact form).
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
     * Reads either mode and checks its {@link InternalSignature} with the installed secret; binary
     * mode must carry {@code ce-specversion}.
     *
     * @param header an HTTP request header by name, case-insensitive (JAX-RS {@code HttpHeaders::getHeaderString}); null when absent
     * @throws ForgedMessageException unsigned (answer 401) or not signed by us (403): change nothing
     * @throws WireFormatException    not a CloudEvent (400)
     */
    public static CloudEventBody read(String contentType, Function<String, String> header, byte[] body) {
        return read(contentType, header, body, InternalSignature.installed());
    }

    /** As {@link #read(String, Function, byte[])}, checked with {@code signature}. */
    public static CloudEventBody read(String contentType, Function<String, String> header, byte[] body, InternalSignature signature) {
        CloudEventBody event = unverified(contentType, header.apply(InternalSignature.SPEC_VERSION_HEADER), body);
        InternalSignature.Attributes attributes = event.envelope == null
                ? InternalSignature.Attributes.fromHeaders(header)
                : new InternalSignature.Attributes(event.text("type"), event.text("id"), event.text("time"), event.text(InternalSignature.EXTENSION));
        signature.verify(attributes, event.data());
        return event;
    }

    /** Reads either mode without checking a signature (binary mode must carry {@code ce-specversion}). */
    static CloudEventBody unverified(String contentType, String specVersionHeader, byte[] body) {
        if (isStructured(contentType)) {
            return structured(body);
        }
        if (specVersionHeader == null || specVersionHeader.isBlank()) {
            throw new WireFormatException("not a CloudEvent: ce-specversion is missing (binary mode) and the content type is not " + STRUCTURED);
        }
        return new CloudEventBody(body == null ? new byte[0] : body, null);
    }

    /** Reads a structured-mode envelope, without checking a signature. */
    static CloudEventBody structured(byte[] envelope) {
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

    private String text(String field) {
        JsonNode value = envelope.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
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
