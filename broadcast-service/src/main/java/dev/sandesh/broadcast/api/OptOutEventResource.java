package dev.sandesh.broadcast.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandesh.broadcast.messaging.OptOutHandler;
import dev.sandesh.contracts.WireFormatException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The HTTP adapter for opt-outs (DESIGN.md §3, scale-to-zero): on Knative a RabbitmqSource
 * delivers {@code broadcast.optouts} here as a CloudEvent, in binary mode (the body is the OptOut
 * JSON, attributes in {@code ce-} headers) or structured mode ({@code application/cloudevents+json}:
 * the OptOut is the envelope's {@code data}, or {@code data_base64}); elsewhere the {@code optouts}
 * channel consumes the queue. Both call {@link OptOutHandler}. A body that is not an OptOut answers
 * 400, which the source dead-letters.
 */
@Path("/internal/cloudevents/optouts")
@Tag(name = "Internal")
public class OptOutEventResource {

    static final String STRUCTURED = "application/cloudevents+json";

    private final OptOutHandler handler;
    private final ObjectMapper json;

    public OptOutEventResource(OptOutHandler handler, ObjectMapper json) {
        this.handler = handler;
        this.json = json;
    }

    @POST
    @Consumes({"application/json", STRUCTURED, "*/*"})
    @Operation(summary = "Apply one OptOut event (CloudEvent, binary or structured mode)")
    public Uni<Response> receive(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        byte[] event;
        try {
            event = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED) ? data(body) : body;
        } catch (WireFormatException e) {
            return Uni.createFrom().failure(new ProblemException(400, "Not an OptOut event", e.getMessage(), null));
        }
        return handler.handle(event)
                .map(applied -> Response.noContent().build())
                .onFailure(WireFormatException.class)
                .transform(e -> new ProblemException(400, "Not an OptOut event", e.getMessage(), null));
    }

    /** The event's data from a structured-mode envelope. */
    private byte[] data(byte[] envelope) {
        JsonNode node;
        try {
            node = json.readTree(envelope);
        } catch (IOException e) {
            throw new WireFormatException("not a CloudEvent envelope: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject() || !node.hasNonNull("specversion")) {
            throw new WireFormatException("not a CloudEvent envelope: specversion is missing");
        }
        if (node.hasNonNull("data_base64")) {
            try {
                return Base64.getDecoder().decode(node.get("data_base64").asText());
            } catch (IllegalArgumentException e) {
                throw new WireFormatException("data_base64 is not base64", e);
            }
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) {
            throw new WireFormatException("the CloudEvent has no data");
        }
        return data.isTextual() ? data.asText().getBytes(StandardCharsets.UTF_8) : data.toString().getBytes(StandardCharsets.UTF_8);
    }
}
